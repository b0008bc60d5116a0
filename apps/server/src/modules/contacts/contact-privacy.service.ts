import { type CustomerPrincipal, ERASED_MESSAGE_BODY, type ErasureSummary, planContactMerge, threadItemSearchText, visibleThread } from '@parley/domain';
import type { ContactDto, ContactExportDto } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { Visitor } from '../chats/visitor.entity.js';
import { EmailMessage, InboundMail } from '../email/email.entity.js';
import { EditableNote } from '../notes/editable-note.entity.js';
import { ThreadItem, Ticket } from '../tickets/ticket.entity.js';
import { toTicketState } from '../tickets/ticket.presenter.js';
import { TicketWork } from '../tickets/ticket-transaction.js';
import { Company, Contact, ContactEmail } from './contact.entity.js';
import { getContact } from './contact.service.js';

/**
 * The directory's housekeeping and its people's rights, each one transaction: merging duplicate contacts,
 * exporting everything about a person, erasing a person. Files are removed from disk only after the
 * transaction that forgot them has committed, so a failure never leaves a row pointing at nothing.
 */

export async function mergeContacts(scope: AgentScope, survivorId: number, duplicateIds: readonly number[]): Promise<ContactDto> {
  const plan = planContactMerge(survivorId, duplicateIds);
  await scope.em.fork().transactional(async (tx) => {
    const em = tx as Em;
    const survivor = await em.findOne(Contact, { id: survivorId });
    if (!survivor) throw notFound(`Contact ${survivorId}`);
    const duplicates = await em.find(Contact, { id: { $in: [...plan.duplicateIds] } }, { orderBy: { id: 'asc' } });
    const missing = plan.duplicateIds.find((id) => !duplicates.some((d) => d.id === id));
    if (missing !== undefined) throw notFound(`Contact ${missing}`);
    const ids = duplicates.map((d) => d.id);

    const addresses = await em.count(ContactEmail, { contact: survivorId });
    const moved = await em.find(ContactEmail, { contact: { $in: ids } }, { orderBy: { position: 'asc', id: 'asc' } });
    for (const [index, row] of moved.entries()) Object.assign(row, { contact: survivorId, position: addresses + index });
    await em.nativeUpdate(Ticket, { contactId: { $in: ids } }, { contactId: survivorId });
    await em.nativeUpdate(ThreadItem, { authorContact: { $in: ids } }, { authorContact: survivorId });
    await em.nativeUpdate(EditableNote, { contact: { $in: ids } }, { contact: survivorId });
    await em.nativeUpdate(Visitor, { contactId: { $in: ids } }, { contactId: survivorId });
    // The card keeps what it has and takes what it lacks from the duplicates, oldest first.
    for (const duplicate of duplicates) {
      survivor.name ??= duplicate.name ?? null;
      survivor.primaryEmail ??= duplicate.primaryEmail ?? null;
      survivor.company ??= duplicate.company ?? null;
      survivor.phones = [...new Set([...survivor.phones, ...duplicate.phones])];
    }
    await em.flush();
    for (const duplicate of duplicates) em.remove(duplicate);
    await recordAudit(scope, em, 'contact.merged', { type: 'contact', id: survivorId, label: survivor.name ?? survivor.primaryEmail ?? `#${survivorId}` }, {
      mergedContactIds: { from: ids, to: null },
    });
    await em.flush();
  });
  return getContact(scope, survivorId);
}

export async function exportContact(scope: AgentScope, contactId: number): Promise<ContactExportDto> {
  const em = scope.em;
  const contact = await em.findOne(Contact, { id: contactId });
  if (!contact) throw notFound(`Contact ${contactId}`);
  const [emails, company, tickets, visitorSessions] = await Promise.all([
    em.find(ContactEmail, { contact: contactId }, { orderBy: { position: 'asc', id: 'asc' } }),
    contact.company ? em.findOne(Company, { id: contact.company }) : null,
    em.find(Ticket, { contactId, internal: false }, { orderBy: { id: 'asc' } }),
    em.count(Visitor, { contactId }),
  ]);
  const customer: CustomerPrincipal = { kind: 'customer', contactId };
  const items = tickets.length === 0 ? [] : await em.find(ThreadItem, { ticket: { $in: tickets.map((t) => t.id) } }, { orderBy: { id: 'asc' } });
  const visibleIds = new Set<number>();
  for (const ticket of tickets) {
    for (const item of visibleThread(customer, toTicketState(ticket), items.filter((i) => i.ticket === ticket.id))) visibleIds.add(item.id);
  }
  const files = visibleIds.size === 0 ? [] : await em.find(Attachment, { threadItem: { $in: [...visibleIds] } }, { fields: ['id', 'filename', 'threadItem'] });
  await scope.em.fork().transactional(async (tx) => {
    await recordAudit(scope, tx as Em, 'contact.exported', { type: 'contact', id: contactId, label: contact.name ?? contact.primaryEmail ?? `#${contactId}` }, {});
  });
  return {
    exportedAt: scope.app.clock.now().toISOString(),
    contact: {
      id: contact.id,
      name: contact.name ?? null,
      emails: emails.map((e) => e.email),
      phones: contact.phones,
      company: company?.name ?? null,
      createdAt: contact.createdAt.toISOString(),
    },
    tickets: tickets.map((ticket) => ({
      number: String(ticket.id),
      subject: ticket.subject,
      channel: ticket.channel,
      status: ticket.status,
      createdAt: ticket.createdAt.toISOString(),
      messages: items
        .filter((item) => item.ticket === ticket.id && visibleIds.has(item.id))
        .map((item) => ({
          from: item.kind === 'agent_reply' ? ('agent' as const) : ('customer' as const),
          body: item.body,
          attachments: files.filter((f) => f.threadItem === item.id).map((f) => f.filename),
          createdAt: item.createdAt.toISOString(),
        })),
    })),
    visitorSessions,
  };
}

export async function eraseContact(scope: AgentScope, contactId: number): Promise<ErasureSummary> {
  const { summary, storageKeys, works } = await scope.em.fork().transactional(async (tx) => {
    const em = tx as Em;
    const contact = await em.findOne(Contact, { id: contactId });
    if (!contact) throw notFound(`Contact ${contactId}`);
    const addresses = await em.find(ContactEmail, { contact: contactId });
    const written = await em.find(ThreadItem, { authorContact: contactId, kind: 'customer_message' }, { fields: ['id', 'ticket'] });
    const writtenIds = written.map((item) => item.id);
    const files = writtenIds.length === 0 ? [] : await em.find(Attachment, { threadItem: { $in: writtenIds } });
    const letters = writtenIds.length === 0 ? [] : await em.find(InboundMail, { threadItemId: { $in: writtenIds } });
    const tickets = await em.find(Ticket, { $or: [{ contactId }, { id: { $in: [...new Set(written.map((item) => item.ticket))] } }] });

    if (writtenIds.length > 0) {
      // The one change a thread item ever undergoes: the law's right to erasure outranks the thread's history.
      await em.nativeUpdate(ThreadItem, { id: { $in: writtenIds } }, { body: ERASED_MESSAGE_BODY, searchText: threadItemSearchText({ kind: 'customer_message', body: ERASED_MESSAGE_BODY }) });
      await em.nativeUpdate(EmailMessage, { threadItem: { $in: writtenIds } }, { fromAddress: null, fromName: null, html: null, to: [], cc: [], replyTo: [], subject: '' });
    }
    for (const file of files) em.remove(file);
    for (const letter of letters) letter.detail = 'erased on request';
    const erasedAddresses = new Set(addresses.map((a) => a.email.toLowerCase()));
    const works: TicketWork[] = [];
    const at = scope.app.clock.now();
    for (const ticket of tickets) {
      const work = new TicketWork(em, ticket, at, scope.agent.agentId);
      ticket.cc = ticket.cc.filter((address) => !erasedAddresses.has(address.toLowerCase()));
      work.recordEvents([{ type: 'contact_erased' }]);
      works.push(work);
    }
    for (const address of addresses) em.remove(address);
    await em.nativeDelete(EditableNote, { contact: contactId });
    await em.nativeUpdate(Visitor, { contactId }, { contactId: null });
    Object.assign(contact, { name: null, primaryEmail: null, phones: [], company: null });
    const summary: ErasureSummary = { tickets: tickets.length, messages: writtenIds.length, attachments: files.length, addresses: addresses.length };
    await recordAudit(scope, em, 'contact.erased', { type: 'contact', id: contactId, label: `#${contactId}` }, {
      tickets: { from: null, to: summary.tickets },
      messages: { from: null, to: summary.messages },
      attachments: { from: null, to: summary.attachments },
      addresses: { from: null, to: summary.addresses },
    });
    await em.flush();
    return { summary, storageKeys: [...files.map((f) => f.storageKey), ...letters.map((l) => l.storageKey)], works };
  });
  for (const work of works) work.publish(scope.app);
  for (const key of storageKeys) await scope.app.storage.remove(key);
  return summary;
}
