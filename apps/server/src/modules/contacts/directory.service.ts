import type { FilterQuery } from '@mikro-orm/core';
import { DomainError, ErrorCodes } from '@parley/domain';
import type { Api, BodyOf, CompanyDto, ContactDto, ListQuery, UpdateCompanyRequest, UpdateContactRequest } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { Company, Contact, ContactEmail } from './contact.entity.js';
import { presentCompany, presentContact } from './contact.presenter.js';

type CreateContactInput = BodyOf<Api['createContact']>;
type CreateCompanyInput = BodyOf<Api['createCompany']>;

/**
 * Contacts and companies are shared by the whole team: any agent may read and edit them (what a contact
 * wrote stays behind ticket visibility; their card does not).
 */
const escapeLike = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function afterCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return null;
  const id = Number(cursor);
  if (!Number.isInteger(id) || id < 0) throw new DomainError(ErrorCodes.requestInvalid, 'cursor: not a cursor of this list.');
  return id;
}

async function emailsOf(em: Em, contactIds: readonly number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>(contactIds.map((id) => [id, []]));
  if (contactIds.length === 0) return map;
  const rows = await em.find(ContactEmail, { contact: { $in: [...contactIds] } }, { orderBy: { position: 'asc', id: 'asc' } });
  for (const row of rows) map.get(row.contact)?.push(row.email);
  return map;
}

async function presentContacts(em: Em, contacts: readonly Contact[]): Promise<ContactDto[]> {
  const emails = await emailsOf(em, contacts.map((c) => c.id));
  return contacts.map((c) => presentContact(c, emails.get(c.id) ?? []));
}

export async function listContacts(scope: AgentScope, query: ListQuery): Promise<{ items: ContactDto[]; nextCursor: string | null }> {
  const and: FilterQuery<Contact>[] = [];
  if (query.q) {
    const like = escapeLike(query.q);
    const byEmail = scope.em.createQueryBuilder(ContactEmail, 'ce').select('ce.contact').where({ email: { $like: like.toLowerCase() } });
    and.push({ $or: [{ name: { $like: like } }, { id: { $in: byEmail.toRaw() } }] });
  }
  const after = afterCursor(query.cursor);
  if (after !== null) and.push({ id: { $gt: after } });
  const rows = await scope.em.find(Contact, and.length > 0 ? { $and: and } : {}, { orderBy: { id: 'asc' }, limit: query.limit + 1 });
  const more = rows.length > query.limit;
  if (more) rows.pop();
  return { items: await presentContacts(scope.em, rows), nextCursor: more ? String(rows.at(-1)!.id) : null };
}

export async function getContact(scope: AgentScope, id: number): Promise<ContactDto> {
  const contact = await scope.em.findOne(Contact, { id });
  if (!contact) throw notFound('Contact');
  return (await presentContacts(scope.em, [contact]))[0]!;
}

async function assertCompanyExists(em: Em, companyId: number | null | undefined): Promise<void> {
  if (companyId === null || companyId === undefined) return;
  if ((await em.count(Company, { id: companyId })) === 0) throw new DomainError(ErrorCodes.notFound, `Company ${companyId} not found.`);
}

/** An address belongs to one contact only: a taken one is a conflict, never a silent merge. */
async function writeEmails(em: Em, contactId: number, emails: readonly string[]): Promise<void> {
  const unique = [...new Set(emails)];
  const taken = await em.find(ContactEmail, { email: { $in: unique }, contact: { $ne: contactId } });
  if (taken.length > 0) {
    throw new DomainError(ErrorCodes.conflict, 'An email belongs to another contact.', { emails: taken.map((t) => t.email) });
  }
  await em.nativeDelete(ContactEmail, { contact: contactId });
  for (const [position, email] of unique.entries()) em.create(ContactEmail, { email, contact: contactId, position });
}

export async function createContact(scope: AgentScope, input: CreateContactInput): Promise<ContactDto> {
  const contact = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    await assertCompanyExists(em, input.companyId);
    const contact = em.create(Contact, { name: input.name ?? null, primaryEmail: input.emails[0] ?? null, phones: input.phones, company: input.companyId ?? null });
    await em.flush();
    await writeEmails(em, contact.id, input.emails);
    return contact;
  });
  return getContact(scope, contact.id);
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
    if (input.phones !== undefined) contact.phones = input.phones;
    if (input.emails !== undefined) {
      await writeEmails(em, id, input.emails);
      contact.primaryEmail = input.emails[0] ?? null;
    }
    contact.updatedAt = scope.app.clock.now();
  });
  scope.app.events.publish('contact.changed', { contactId: id });
  return getContact(scope, id);
}

export async function listCompanies(scope: AgentScope, query: ListQuery): Promise<{ items: CompanyDto[]; nextCursor: string | null }> {
  const and: FilterQuery<Company>[] = [];
  if (query.q) and.push({ name: { $like: escapeLike(query.q) } });
  const after = afterCursor(query.cursor);
  if (after !== null) and.push({ id: { $gt: after } });
  const rows = await scope.em.find(Company, and.length > 0 ? { $and: and } : {}, { orderBy: { id: 'asc' }, limit: query.limit + 1 });
  const more = rows.length > query.limit;
  if (more) rows.pop();
  return { items: rows.map(presentCompany), nextCursor: more ? String(rows.at(-1)!.id) : null };
}

export async function getCompany(scope: AgentScope, id: number): Promise<CompanyDto> {
  const company = await scope.em.findOne(Company, { id });
  if (!company) throw notFound('Company');
  return presentCompany(company);
}

export async function createCompany(scope: AgentScope, input: CreateCompanyInput): Promise<CompanyDto> {
  const company = scope.em.create(Company, { name: input.name, domains: [...new Set(input.domains)] });
  await scope.em.flush();
  return presentCompany(company);
}

export async function updateCompany(scope: AgentScope, id: number, input: UpdateCompanyRequest): Promise<CompanyDto> {
  const company = await scope.em.findOne(Company, { id });
  if (!company) throw notFound('Company');
  if (input.name !== undefined) company.name = input.name;
  if (input.domains !== undefined) company.domains = [...new Set(input.domains)];
  await scope.em.flush();
  scope.app.events.publish('company.changed', { companyId: id });
  return presentCompany(company);
}
