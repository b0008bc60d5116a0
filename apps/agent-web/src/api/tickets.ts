import type { Api, BodyInputOf, ClaimedTicketDto, QueryOf, ResponseOf, ThreadItemDto, TicketDetailDto, TicketDto } from '@parley/protocol';
import { http, queryString } from './http';

export type TicketPage = ResponseOf<Api['listTickets']>;
type ListTicketsQuery = QueryOf<Api['listTickets']>;
/**
 * GET /tickets's query as the server reads it (the list filters, free text, one contact's tickets, order and
 * page), every part optional since the server has defaults; lists travel as comma lists.
 */
export type TicketListRequest = {
  readonly [K in keyof ListTicketsQuery]?: (ListTicketsQuery[K] extends (infer Item)[] | undefined ? readonly Item[] : ListTicketsQuery[K]) | undefined;
};
export type ReplyBody = BodyInputOf<Api['reply']>;
export type NoteBody = BodyInputOf<Api['addInternalNote']>;
export type TransferBody = BodyInputOf<Api['transfer']>;
export type AssignBody = BodyInputOf<Api['assign']>;
export type CreateTicketBody = BodyInputOf<Api['createTicket']>;
export type CreateInternalTicketBody = BodyInputOf<Api['createInternalTicket']>;
export type TicketNote = ResponseOf<Api['putTicketNote']>;

/** The tickets the signed-in agent may see, filtered and sorted; `cursor` continues a previous page. */
export function listTickets(query: TicketListRequest): Promise<TicketPage> {
  const { agentId, ...rest } = query;
  return http.request<TicketPage>('GET', `/tickets${queryString({ ...rest, agentId: agentId === undefined ? undefined : String(agentId) })}`);
}

/** "To solve": claims the most urgent ticket the agent may take. */
export function claimToSolve(): Promise<ClaimedTicketDto> {
  return http.request<ClaimedTicketDto>('POST', '/tickets/to-solve');
}

export function getTicket(id: number): Promise<TicketDetailDto> {
  return http.request<TicketDetailDto>('GET', `/tickets/${id}`);
}

export function createTicket(body: CreateTicketBody): Promise<TicketDetailDto> {
  return http.request<TicketDetailDto>('POST', '/tickets', body);
}

export function createInternalTicket(body: CreateInternalTicketBody): Promise<TicketDetailDto> {
  return http.request<TicketDetailDto>('POST', '/internal-tickets', body);
}

export function reply(ticketId: number, body: ReplyBody): Promise<ThreadItemDto> {
  return http.request<ThreadItemDto>('POST', `/tickets/${ticketId}/replies`, body);
}

export function addInternalNote(ticketId: number, body: NoteBody): Promise<ThreadItemDto> {
  return http.request<ThreadItemDto>('POST', `/tickets/${ticketId}/internal-notes`, body);
}

export function editSubject(ticketId: number, subject: string): Promise<TicketDto> {
  return http.request<TicketDto>('PUT', `/tickets/${ticketId}/subject`, { subject } satisfies BodyInputOf<Api['editSubject']>);
}

export function assign(ticketId: number, body: AssignBody): Promise<TicketDto> {
  return http.request<TicketDto>('POST', `/tickets/${ticketId}/assign`, body);
}

export function transfer(ticketId: number, body: TransferBody): Promise<TicketDto> {
  return http.request<TicketDto>('POST', `/tickets/${ticketId}/transfer`, body);
}

export function postpone(ticketId: number, until: string): Promise<TicketDto> {
  return http.request<TicketDto>('POST', `/tickets/${ticketId}/postpone`, { until } satisfies BodyInputOf<Api['postpone']>);
}

export function resolve(ticketId: number): Promise<TicketDto> {
  return http.request<TicketDto>('POST', `/tickets/${ticketId}/resolve`);
}

export function reopen(ticketId: number): Promise<TicketDto> {
  return http.request<TicketDto>('POST', `/tickets/${ticketId}/reopen`);
}

export function setCustomStatus(ticketId: number, customStatusId: number): Promise<TicketDto> {
  return http.request<TicketDto>('PUT', `/tickets/${ticketId}/status`, { customStatusId } satisfies BodyInputOf<Api['setCustomStatus']>);
}

export function setPriority(ticketId: number, priority: TicketDto['priority']): Promise<TicketDto> {
  return http.request<TicketDto>('PUT', `/tickets/${ticketId}/priority`, { priority } satisfies BodyInputOf<Api['setPriority']>);
}

export function setTags(ticketId: number, tags: string[]): Promise<TicketDto> {
  return http.request<TicketDto>('PUT', `/tickets/${ticketId}/tags`, { tags } satisfies BodyInputOf<Api['setTags']>);
}

export function putTicketNote(ticketId: number, body: string): Promise<TicketNote> {
  return http.request<TicketNote>('PUT', `/tickets/${ticketId}/note`, { body } satisfies BodyInputOf<Api['putTicketNote']>);
}

export function deleteTicketNote(ticketId: number): Promise<void> {
  return http.request('DELETE', `/tickets/${ticketId}/note`);
}

/** Sends a reply whose letter failed or bounced again (the same letter); answers the reply as it shows now. */
export function retryEmail(ticketId: number, itemId: number): Promise<ThreadItemDto> {
  return http.request<ThreadItemDto>('POST', `/tickets/${ticketId}/thread/${itemId}/email-retry`);
}

/** The whole body of an item the thread returned only the beginning of (`truncated`). */
export function getThreadItemBody(ticketId: number, itemId: number): Promise<ResponseOf<Api['threadItemBody']>> {
  return http.request<ResponseOf<Api['threadItemBody']>>('GET', `/tickets/${ticketId}/items/${itemId}/body`);
}

export function moveToTrash(ticketId: number): Promise<TicketDto> {
  return http.request<TicketDto>('POST', `/tickets/${ticketId}/trash`, {});
}

export function restoreTicket(ticketId: number): Promise<TicketDto> {
  return http.request<TicketDto>('POST', `/tickets/${ticketId}/restore`, {});
}

export function markSpam(ticketId: number, block: 'none' | 'address' | 'domain'): Promise<TicketDto> {
  return http.request<TicketDto>('POST', `/tickets/${ticketId}/spam`, { block } satisfies BodyInputOf<Api['markSpam']>);
}

/** "Select all N matching": the ids of the tickets this list holds for the agent (at most 10,000). */
export function matchingTicketIds(query: TicketListRequest): Promise<ResponseOf<Api['ticketIds']>> {
  const { agentId, sort: _sort, cursor: _cursor, limit: _limit, ...rest } = query;
  return http.request('GET', `/tickets/ids${queryString({ ...rest, agentId: agentId === undefined ? undefined : String(agentId) })}`);
}

/** One chunk of a mass action (at most 200 tickets). */
export function runMassAction(ticketIds: number[], action: BodyInputOf<Api['massAction']>['action']): Promise<ResponseOf<Api['massAction']>> {
  return http.request('POST', '/tickets/mass-action', { ticketIds, action } satisfies BodyInputOf<Api['massAction']>);
}
