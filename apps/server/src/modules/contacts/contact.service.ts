import type { FilterQuery } from '@mikro-orm/core';
import { DomainError, ErrorCodes } from '@parley/domain';
import type { Api, BodyOf, ContactDto, ContactRef, ListQuery, UpdateContactRequest } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import { afterIdCursor, containsText, containsTextOrWords, pageById } from '../../db/list-filters.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { type TicketRowWriter, ticketRowWriter } from '../tickets/ticket-rows.js';
import { assertCompanyExists } from './company.service.js';
import { Contact, ContactEmail } from './contact.entity.js';
import { presentContact } from './contact.presenter.js';

type CreateContactInput = BodyOf<Api['createContact']>;

export interface ResolvedContact {
  readonly id: number;
  readonly name: string | null;
  readonly primaryEmail: string | null;
  /** Made by this call (a new customer), so its creation is announced once the caller commits. */
  readonly created?: boolean;
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
  return { id, name: ref.name ?? null, primaryEmail: email, created: true };
}

// ---- the contact directory: shared by the whole team, so any agent may read and edit a contact's card
// (what a contact wrote stays behind ticket visibility; their card does not).

/** Each contact's addresses, the primary (first) one first. */
async function emailsOf(em: Em, contactIds: readonly number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>(contactIds.map((id) => [id, []]));
  if (contactIds.length === 0) return map;
  const rows = await em.find(ContactEmail, { contact: { $in: [...contactIds] } }, { orderBy: { position: 'asc', id: 'asc' } });
  for (const row of rows) map.get(row.contact)?.push(row.email);
  return map;
}

export async function presentContacts(em: Em, contacts: readonly Contact[]): Promise<ContactDto[]> {
  const emails = await emailsOf(em, contacts.map((c) => c.id));
  return contacts.map((c) => presentContact(c, emails.get(c.id) ?? []));
}

/** Contacts by id, searched by name or by any of their addresses. */
export async function listContacts(scope: AgentScope, query: ListQuery): Promise<{ items: ContactDto[]; nextCursor: string | null }> {
  const and: FilterQuery<Contact>[] = [];
  if (query.q) {
    const byEmail = scope.em.createQueryBuilder(ContactEmail, 'ce').select('ce.contact').where(containsText('email', query.q));
    and.push({ $or: [containsTextOrWords('name', query.q), { id: { $in: byEmail.toRaw() } }] });
  }
  const after = afterIdCursor(query.cursor);
  if (after) and.push(after);
  const rows = await scope.em.find(Contact, and.length > 0 ? { $and: and } : {}, { orderBy: { id: 'asc' }, limit: query.limit + 1 });
  const page = pageById(rows, query.limit);
  return { items: await presentContacts(scope.em, page.rows), nextCursor: page.nextCursor };
}

export async function getContact(scope: AgentScope, id: number): Promise<ContactDto> {
  const contact = await scope.em.findOne(Contact, { id });
  if (!contact) throw notFound('Contact');
  return (await presentContacts(scope.em, [contact]))[0]!;
}

/**
 * Replaces a contact's addresses. An address belongs to one contact only: one held by another contact is a
 * conflict, never a silent merge (a concurrent taker loses on contact_email's unique index, also a conflict).
 */
async function writeEmails(em: Em, contactId: number, emails: readonly string[]): Promise<void> {
  const unique = [...new Set(emails)];
  if (unique.length > 0) {
    const taken = await em.find(ContactEmail, { email: { $in: unique }, contact: { $ne: contactId } });
    if (taken.length > 0) {
      throw new DomainError(ErrorCodes.conflict, 'An email belongs to another contact.', { emails: taken.map((t) => t.email) });
    }
  }
  await em.nativeDelete(ContactEmail, { contact: contactId });
  for (const [position, email] of unique.entries()) em.create(ContactEmail, { email, contact: contactId, position });
}

export async function createContact(scope: AgentScope, input: CreateContactInput): Promise<ContactDto> {
  const id = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    await assertCompanyExists(em, input.companyId);
    const contact = em.create(Contact, {
      name: input.name ?? null,
      primaryEmail: input.emails[0] ?? null,
      phones: [...new Set(input.phones)],
      company: input.companyId ?? null,
    });
    await em.flush();
    await writeEmails(em, contact.id, input.emails);
    return contact.id;
  });
  scope.app.events.publish('contact.created', { contactId: id });
  scope.app.events.publish('contact.changed', { contactId: id });
  return getContact(scope, id);
}

export async function updateContact(scope: AgentScope, id: number, input: UpdateContactRequest): Promise<ContactDto> {
  await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const contact = await em.findOne(Contact, { id });
    if (!contact) throw notFound('Contact');
    if (input.companyId !== undefined) {
      await assertCompanyExists(em, input.companyId);
      contact.company = input.companyId;
    }
    if (input.name !== undefined) contact.name = input.name;
    if (input.phones !== undefined) contact.phones = [...new Set(input.phones)];
    if (input.emails !== undefined) {
      await writeEmails(em, id, input.emails);
      contact.primaryEmail = input.emails[0] ?? null;
    }
    contact.updatedAt = scope.app.clock.now();
  });
  scope.app.events.publish('contact.changed', { contactId: id });
  return getContact(scope, id);
}
