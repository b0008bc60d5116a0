import type { Api, BodyInputOf, CompanyDto, ContactDto, EditableNoteDto, ResponseOf } from '@parley/protocol';
import { http, queryString } from './http';

export type CannedResponsePage = ResponseOf<Api['listCannedResponses']>;
export type UpdateContactBody = BodyInputOf<Api['updateContact']>;
export type NotesOf = 'contacts' | 'companies';

export const listDepartments = async () => (await http.request<ResponseOf<Api['listDepartments']>>('GET', '/departments')).items;
export const listAgents = async () => (await http.request<ResponseOf<Api['listAgents']>>('GET', '/agents')).items;
export const listCustomStatuses = async () => (await http.request<ResponseOf<Api['listCustomStatuses']>>('GET', '/statuses')).items;

/** One page of canned responses, searched by title or text; `cursor` continues a previous page. */
export function listCannedResponses(query: { q?: string | undefined; cursor?: string | null; limit?: number } = {}): Promise<CannedResponsePage> {
  const search = queryString({ q: query.q?.trim(), cursor: query.cursor, limit: query.limit ?? 50 });
  return http.request<CannedResponsePage>('GET', `/canned-responses${search}`);
}

export function renderCannedResponse(id: number, ticketId: number): Promise<ResponseOf<Api['renderCannedResponse']>> {
  return http.request('POST', `/canned-responses/${id}/render`, { ticketId } satisfies BodyInputOf<Api['renderCannedResponse']>);
}

export const getContact = (id: number) => http.request<ContactDto>('GET', `/contacts/${id}`);
export const updateContact = (id: number, body: UpdateContactBody) => http.request<ContactDto>('PATCH', `/contacts/${id}`, body);
export const getCompany = (id: number) => http.request<CompanyDto>('GET', `/companies/${id}`);
export const createCompany = (name: string) => http.request<CompanyDto>('POST', '/companies', { name } satisfies BodyInputOf<Api['createCompany']>);
export const listCompanies = (q?: string) => http.request<ResponseOf<Api['listCompanies']>>('GET', `/companies${queryString({ q, limit: 20 })}`);

/** Contact and company notes: editable, unlike a ticket's internal notes. */
// Contacts' and companies' notes are the same endpoints' twins: the contacts' types stand for both.
export const listNotes = (of: NotesOf, id: number) => http.request<ResponseOf<Api['listContactNotes']>>('GET', `/${of}/${id}/notes`);
export const addNote = (of: NotesOf, id: number, body: string) =>
  http.request<EditableNoteDto>('POST', `/${of}/${id}/notes`, { body } satisfies BodyInputOf<Api['addContactNote']>);
export const editNote = (of: NotesOf, id: number, noteId: number, body: string) =>
  http.request<EditableNoteDto>('PATCH', `/${of}/${id}/notes/${noteId}`, { body } satisfies BodyInputOf<Api['editContactNote']>);
export const deleteNote = (of: NotesOf, id: number, noteId: number) => http.request('DELETE', `/${of}/${id}/notes/${noteId}`);

/** The contact with exactly this address, if any (the search also matches parts of addresses). */
export async function findContactByEmail(email: string): Promise<ContactDto | null> {
  const wanted = email.trim().toLowerCase();
  const page = await http.request<ResponseOf<Api['listContacts']>>('GET', `/contacts${queryString({ q: wanted, limit: 20 })}`);
  return page.items.find((c) => c.emails.includes(wanted)) ?? null;
}

// ---- the Contacts and Companies screens

export type ContactPage = ResponseOf<Api['listContacts']>;
export type CompanyPage = ResponseOf<Api['listCompanies']>;

export const listContactsPage = (q: string | undefined, cursor: string | null) =>
  http.request<ContactPage>('GET', `/contacts${queryString({ q: q?.trim() || undefined, cursor, limit: 50 })}`);
export const listCompaniesPage = (q: string | undefined, cursor: string | null) =>
  http.request<CompanyPage>('GET', `/companies${queryString({ q: q?.trim() || undefined, cursor, limit: 50 })}`);
export const updateCompany = (id: number, body: BodyInputOf<Api['updateCompany']>) => http.request<CompanyDto>('PATCH', `/companies/${id}`, body);
export const mergeContacts = (id: number, contactIds: number[]) =>
  http.request<ContactDto>('POST', `/contacts/${id}/merge`, { contactIds } satisfies BodyInputOf<Api['mergeContacts']>);
export const exportContact = (id: number) => http.request<ResponseOf<Api['exportContact']>>('GET', `/contacts/${id}/export`);
export const eraseContact = (id: number) => http.request<ResponseOf<Api['eraseContact']>>('POST', `/contacts/${id}/erase`, {});
