import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { DomainError, ErrorCodes } from '@parley/domain';
import type { VisitorIdentity } from '@parley/protocol';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { resolveContactRef } from '../contacts/contact.service.js';
import { isIdentityHashValid } from '../widgets/identity.js';
import type { Widget } from '../widgets/widget.entity.js';
import { Visitor } from './visitor.entity.js';
import { newVisitorId } from './visitor-token.js';

/**
 * Identity verification: the site signed `userId:email` with the widget's identity secret. A valid hash links
 * the visitor to the contact with that email (made when new) and records the site's user id; a wrong one is
 * refused with widget/identity_invalid (logged), and the widget carries on anonymous. Returns the visitor id
 * to issue: the same one, or a fresh one when the token's visitor was verified as another user.
 */
export async function linkVerifiedIdentity(scope: { app: AppContext; em: Em; visitorId: string }, widget: Widget, identity: VisitorIdentity): Promise<string> {
  if (!isIdentityHashValid(widget.identitySecret, identity.userId, identity.email, identity.hash)) {
    scope.app.logger.warn({ widgetId: widget.id, code: ErrorCodes.widgetIdentityInvalid }, 'visitor identity refused: the hash does not match');
    throw new DomainError(ErrorCodes.widgetIdentityInvalid, 'The identity hash does not match this widget\'s secret; the visitor stays anonymous.');
  }
  const known = await scope.em.findOne(Visitor, { id: scope.visitorId }, { fields: ['id', 'verified', 'externalUserId'] });
  const visitorId = known?.verified && known.externalUserId !== identity.userId ? newVisitorId() : scope.visitorId;
  const at = scope.app.clock.now();
  let newContactId: number | null = null;
  const link = () =>
    scope.em.fork().transactional(async (tx) => {
      const em = tx as Em;
      const contact = await resolveContactRef(em, { email: identity.email.toLowerCase(), ...(identity.name ? { name: identity.name } : {}) });
      newContactId = contact.created ? contact.id : null;
      const visitor = await em.findOne(Visitor, { id: visitorId });
      if (visitor) {
        Object.assign(visitor, { verified: true, externalUserId: identity.userId, contactId: contact.id, claimedEmail: null, updatedAt: at });
      } else {
        em.create(Visitor, { id: visitorId, contactId: contact.id, chatTicketId: null, page: null, verified: true, externalUserId: identity.userId, createdAt: at, updatedAt: at } as never);
      }
      await em.flush();
    });
  try {
    await link();
  } catch (error) {
    // Two tabs verifying the same new visitor (or the same new address) at once: the second runs again and finds the rows.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    await link();
  }
  if (newContactId !== null) scope.app.events.publish('contact.created', { contactId: newContactId });
  return visitorId;
}
