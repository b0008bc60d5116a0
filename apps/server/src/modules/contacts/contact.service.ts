import { DomainError, ErrorCodes } from '@parley/domain';
import type { ContactRef } from '@parley/protocol';
import type { Em } from '../../db/orm.js';
import { type TicketRowWriter, ticketRowWriter } from '../tickets/ticket-rows.js';
import { Contact } from './contact.entity.js';

export interface ResolvedContact {
  readonly id: number;
  readonly name: string | null;
  readonly primaryEmail: string | null;
}

/**
 * Finds the contact a request names: by id (must exist), or by email (found through any of the contact's
 * addresses in one indexed join, else created). Runs inside the caller's transaction: a concurrent creation
 * of the same address fails on contact_email's unique index and the caller retries.
 */
export async function resolveContactRef(em: Em, ref: ContactRef, rows: TicketRowWriter = ticketRowWriter(em)): Promise<ResolvedContact> {
  if ('id' in ref) {
    const contact = await em.findOne(Contact, { id: ref.id }, { fields: ['id', 'name', 'primaryEmail'] });
    if (!contact) throw new DomainError(ErrorCodes.notFound, `Contact ${ref.id} not found.`, { contactId: ref.id });
    return { id: contact.id, name: contact.name ?? null, primaryEmail: contact.primaryEmail ?? null };
  }
  const email = ref.email.toLowerCase();
  const known = await rows.findContactIdByEmail(email);
  if (known) {
    if (!known.name && ref.name) {
      await rows.updateContactName(known.id, ref.name);
      return { ...known, name: ref.name };
    }
    return known;
  }
  const id = await rows.insertContact(ref.name ?? null, email, new Date());
  return { id, name: ref.name ?? null, primaryEmail: email };
}
