import { isPortalSessionLive, shouldTouchPortalSession } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { newToken, sha256 } from '../agents/secrets.js';
import { PortalSession } from './portal.entity.js';

/** A signed-in customer, as a portal request knows them. */
export interface PortalCustomer {
  readonly contactId: number;
  readonly sessionId: number;
  /** The cookie's token: the CSRF tokens of this session's forms are bound to it. */
  readonly sessionToken: string;
}

/** Starts a session in the caller's transaction; answers the cookie's token (only its hash is kept). */
export async function startPortalSession(tx: Em, contactId: number, now: Date): Promise<string> {
  const token = newToken('pps_');
  tx.create(PortalSession, { tokenHash: sha256(token), contact: contactId, createdAt: now, lastSeenAt: now, endedAt: null });
  await tx.flush();
  return token;
}

/** The customer a session cookie names while its session holds; its use is written down now and then. */
export async function portalCustomerOf(app: AppContext, token: string | undefined): Promise<PortalCustomer | null> {
  if (!token || token.length > 100 || !token.startsWith('pps_')) return null;
  const em = app.orm.em.fork() as Em;
  const session = await em.findOne(PortalSession, { tokenHash: sha256(token) });
  const now = app.clock.now();
  if (!session || !isPortalSessionLive({ createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, endedAt: session.endedAt ?? null }, now)) return null;
  if (shouldTouchPortalSession(session, now)) await em.nativeUpdate(PortalSession, { id: session.id }, { lastSeenAt: now });
  return { contactId: session.contact, sessionId: session.id, sessionToken: token };
}

/** Sign-out: the session ends for good, whatever still holds its cookie. */
export async function endPortalSession(app: AppContext, sessionId: number): Promise<void> {
  await app.orm.em.fork().nativeUpdate(PortalSession, { id: sessionId, endedAt: null }, { endedAt: app.clock.now() });
}
