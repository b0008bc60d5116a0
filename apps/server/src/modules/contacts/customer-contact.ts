import { chooseCustomerContact, type SystemEvent } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { ticketRowWriter } from '../tickets/ticket-rows.js';
import { Contact } from './contact.entity.js';
import { resolveContactRef } from './contact.service.js';

export interface CustomerContact {
  readonly contactId: number;
  /** A typed address that belongs to another contact: shown to agents as a claim, never linked. */
  readonly claimedEmail: string | null;
  /** What the new ticket's thread records about the claim (agents only). */
  readonly events: SystemEvent[];
  /** Made for this sender just now: announced (`contact.created`) once the caller commits. */
  readonly created: boolean;
}

/**
 * The contact an anonymous sender's new ticket is filed under (chat, offline form, web form), by the domain's
 * one rule. An existing contact is only ever reused when it is the sender's own or vouched for; someone else's
 * is neither read nor written (not even a missing name filled in).
 */
export async function customerContactFor(
  tx: Em,
  input: { verifiedContactId: number | null; senderContactId: number | null; email: string | null; name: string | null },
): Promise<CustomerContact> {
  const email = input.email?.toLowerCase() ?? null;
  const choice = chooseCustomerContact({
    verifiedContactId: input.verifiedContactId,
    senderContactId: input.senderContactId,
    email,
    contactIdForEmail: email ? ((await ticketRowWriter(tx).findContactIdByEmail(email))?.id ?? null) : null,
  });
  switch (choice.kind) {
    case 'verified':
      return { contactId: choice.contactId, claimedEmail: null, events: [], created: false };
    case 'new_with_email': {
      const contact = await resolveContactRef(tx, { email: email!, ...(input.name ? { name: input.name } : {}) });
      return { contactId: contact.id, claimedEmail: null, events: [], created: contact.created === true };
    }
    case 'own':
      return { contactId: choice.contactId, claimedEmail: choice.claimedEmail, events: claimEvents(choice.claimedEmail), created: false };
    case 'anonymous': {
      const contact = tx.create(Contact, { name: input.name, primaryEmail: null, phones: [], company: null } as never);
      await tx.flush();
      return { contactId: contact.id, claimedEmail: choice.claimedEmail, events: claimEvents(choice.claimedEmail), created: true };
    }
  }
}

function claimEvents(claimedEmail: string | null): SystemEvent[] {
  return claimedEmail ? [{ type: 'email_unverified', email: claimedEmail }] : [];
}
