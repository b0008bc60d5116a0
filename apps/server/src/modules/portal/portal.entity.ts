import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { SURVEY_LOCALES } from '@parley/domain';
import { Contact } from '../contacts/contact.entity.js';

/**
 * A sign-in link sent to a customer's address: its token is `pps1.<id>.<signature>` (portal-keys.ts), so
 * nothing secret is stored here. It signs in once (a conditional update of `usedAt`) and only until
 * `expiresAt`; `ticketId` is the ticket the customer was heading for, checked again when they arrive.
 */
export const PortalSignIn = defineEntity({
  name: 'PortalSignIn',
  tableName: 'portal_sign_in',
  properties: {
    id: p.integer().primary().autoincrement(),
    contact: () => p.manyToOne(Contact).mapToPk().fieldName('contact_id').deleteRule('cascade').index(),
    ticketId: p.integer().fieldName('ticket_id').strictNullable(),
    locale: p.enum([...SURVEY_LOCALES]),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().strictNullable(),
  },
});
export type PortalSignIn = InferEntity<typeof PortalSignIn>;

/**
 * A customer's portal session: the cookie holds a random token, only its sha256 is kept. It ends at
 * sign-out (`endedAt`), when unused for a while, or at its ceiling (the domain's portal-session rules).
 */
export const PortalSession = defineEntity({
  name: 'PortalSession',
  tableName: 'portal_session',
  properties: {
    id: p.integer().primary().autoincrement(),
    tokenHash: p.string().length(64).fieldName('token_hash').unique(),
    contact: () => p.manyToOne(Contact).mapToPk().fieldName('contact_id').deleteRule('cascade').index(),
    createdAt: p.datetime(),
    lastSeenAt: p.datetime(),
    endedAt: p.datetime().strictNullable(),
  },
});
export type PortalSession = InferEntity<typeof PortalSession>;
