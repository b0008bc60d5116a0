import { PORTAL_SESSION_IDLE_MS, PORTAL_SESSION_MAX_MS } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import { PortalSession, PortalSignIn } from './portal.entity.js';

/** Sign-in links and sessions keep a day past their end (for a look at what happened), then go. */
const KEEP_MS = 86_400_000;

/**
 * Removes sign-in links that expired and sessions that ended (signed out, idle past the limit, or past the
 * ceiling) more than a day ago. Answers how many rows went.
 */
export async function purgePortalRows(app: AppContext): Promise<number> {
  const em = app.orm.em.fork();
  const now = app.clock.now().getTime();
  const before = (ms: number) => new Date(now - ms);
  const links = await em.nativeDelete(PortalSignIn, { expiresAt: { $lt: before(KEEP_MS) } });
  const sessions = await em.nativeDelete(PortalSession, {
    $or: [{ endedAt: { $lt: before(KEEP_MS) } }, { lastSeenAt: { $lt: before(PORTAL_SESSION_IDLE_MS + KEEP_MS) } }, { createdAt: { $lt: before(PORTAL_SESSION_MAX_MS + KEEP_MS) } }],
  });
  return links + sessions;
}
