import { type PortalLocale, portalLandingPath, portalSignInExpiry, portalSignInRefusal, portalTicketScope } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { ContactEmail } from '../contacts/contact.entity.js';
import { internalSenderFor } from '../mail/sender.js';
import { Visitor } from '../chats/visitor.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { PortalSignIn } from './portal.entity.js';
import { queueSignInLetter } from './portal-letters.js';
import { startPortalSession } from './portal-session.service.js';

/**
 * A customer asks for a sign-in link. The answer is the same, and comes as fast, whether or not the address
 * is one of our contacts' (the letter is written after the answer), so the form tells nobody who our
 * customers are. Counted per client address and per email address first, known or not.
 */
export async function requestPortalSignIn(app: AppContext, input: { email: string; ip: string; ticketId: number | null; locale: PortalLocale }): Promise<void> {
  await app.rateLimits.consumePortalSignIn(input.ip, input.email);
  void mailSignInLink(app, input).catch((error: unknown) => app.logger.error({ err: error }, 'portal sign-in letter failed'));
}

async function mailSignInLink(app: AppContext, input: { email: string; ticketId: number | null; locale: PortalLocale }): Promise<void> {
  const em = app.orm.em.fork() as Em;
  const sender = await internalSenderFor(em, null, app.config.mail?.from ?? null);
  if (!sender) return;
  // Every address a contact has is one we write to: whoever reads its mail is that customer.
  const known = await em.findOne(ContactEmail, { email: input.email.toLowerCase() }, { fields: ['id', 'contact'] });
  if (!known) return;
  // The ticket a letter's link named is kept only when it is this customer's, so the landing says nothing of others'.
  const ticketId = input.ticketId !== null && (await em.count(Ticket, { id: input.ticketId, ...portalTicketScope(known.contact) })) === 1 ? input.ticketId : null;
  const now = app.clock.now();
  await em.transactional(async (tx) => {
    const row = tx.create(PortalSignIn, { contact: known.contact, ticketId, locale: input.locale, createdAt: now, expiresAt: portalSignInExpiry(now), usedAt: null });
    await tx.flush();
    await queueSignInLetter(app, tx as Em, { sender, recipient: input.email.toLowerCase(), url: app.portalKeys.signInUrl(row.id, input.locale), locale: input.locale });
  });
  app.outbox.kick();
}

export type SignInOutcome =
  | { readonly ok: true; readonly sessionToken: string; readonly landing: string }
  | { readonly ok: false; readonly refusal: 'invalid' | 'used' | 'expired' };

/** Whether a sign-in link would still sign in, without using it (the page a letter's link opens). */
export async function checkPortalSignIn(app: AppContext, token: string): Promise<'invalid' | 'used' | 'expired' | null> {
  const id = app.portalKeys.signInOf(token);
  const row = id === null ? null : await app.orm.em.fork().findOne(PortalSignIn, { id }, { fields: ['id', 'usedAt', 'expiresAt'] });
  if (!row) return 'invalid';
  return portalSignInRefusal({ usedAt: row.usedAt ?? null, expiresAt: row.expiresAt }, app.clock.now());
}

/**
 * Uses a sign-in link: once, by a conditional update of `usedAt` in the transaction that starts the session,
 * so two requests racing with one link get one session between them.
 */
export async function redeemPortalSignIn(app: AppContext, token: string): Promise<SignInOutcome> {
  const id = app.portalKeys.signInOf(token);
  if (id === null) return { ok: false, refusal: 'invalid' };
  const em = app.orm.em.fork() as Em;
  return em.transactional(async (tx) => {
    const row = await tx.findOne(PortalSignIn, { id });
    if (!row) return { ok: false, refusal: 'invalid' } as const;
    const now = app.clock.now();
    const refusal = portalSignInRefusal({ usedAt: row.usedAt ?? null, expiresAt: row.expiresAt }, now);
    if (refusal) return { ok: false, refusal } as const;
    const taken = await tx.nativeUpdate(PortalSignIn, { id, usedAt: null, expiresAt: { $gt: now } }, { usedAt: now });
    if (taken !== 1) return { ok: false, refusal: 'used' } as const;
    const sessionToken = await startPortalSession(tx as Em, row.contact, now);
    return { ok: true, sessionToken, landing: portalLandingPath(row.ticketId ?? null) } as const;
  });
}

/**
 * Sign-in with the chat widget's verified identity: the widget's visitor token, for a visitor the site vouched
 * for (identity verification), signs in as that visitor's contact. An unverified visitor's contact is only a
 * claim (chooseCustomerContact), so it signs in nobody; the customer asks for a letter instead.
 */
export async function signInWithVisitor(app: AppContext, visitorToken: string): Promise<{ ok: true; sessionToken: string } | { ok: false }> {
  let visitorId: string;
  try {
    visitorId = app.visitorTokens.verify(visitorToken, app.clock.now()).visitorId;
  } catch {
    return { ok: false };
  }
  const em = app.orm.em.fork() as Em;
  const visitor = await em.findOne(Visitor, { id: visitorId }, { fields: ['id', 'verified', 'contactId'] });
  const contactId = visitor?.verified ? (visitor.contactId ?? null) : null;
  if (contactId === null) return { ok: false };
  return { ok: true, sessionToken: await em.transactional((tx) => startPortalSession(tx as Em, contactId, app.clock.now())) };
}
