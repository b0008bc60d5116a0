import { DomainError, ErrorCodes } from '@parley/domain';
import type { ContactRef } from '@parley/protocol';
import type { Em } from '../../db/orm.js';
import { Contact, ContactEmail } from './contact.entity.js';

/**
 * Finds the contact a request names: by id (must exist), or by email (found through any of the contact's
 * addresses, else created). Runs inside the caller's transaction.
 */
export async function resolveContactRef(em: Em, ref: ContactRef): Promise<Contact> {
  if ('id' in ref) {
    const contact = await em.findOne(Contact, { id: ref.id });
    if (!contact) throw new DomainError(ErrorCodes.notFound, `Contact ${ref.id} not found.`, { contactId: ref.id });
    return contact;
  }
  const email = ref.email.toLowerCase();
  const known = await em.findOne(ContactEmail, { email });
  if (known) {
    const contact = await em.findOneOrFail(Contact, { id: known.contact });
    if (!contact.name && ref.name) contact.name = ref.name;
    return contact;
  }
  const contact = em.create(Contact, { name: ref.name ?? null, primaryEmail: email, phones: [], company: null });
  await em.flush();
  em.create(ContactEmail, { email, contact: contact.id, position: 0 });
  return contact;
}
