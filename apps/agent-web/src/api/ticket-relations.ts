import type { Api, BodyInputOf, TicketDetailDto, TicketRelationsDto } from '@parley/protocol';
import { http } from './http';

export function getRelations(ticketId: number): Promise<TicketRelationsDto> {
  return http.request<TicketRelationsDto>('GET', `/tickets/${ticketId}/relations`);
}

export function linkTicket(ticketId: number, otherId: number): Promise<TicketRelationsDto> {
  return http.request<TicketRelationsDto>('POST', `/tickets/${ticketId}/links`, { ticketId: otherId } satisfies BodyInputOf<Api['linkTicket']>);
}

export function unlinkTicket(ticketId: number, otherId: number): Promise<TicketRelationsDto> {
  return http.request<TicketRelationsDto>('DELETE', `/tickets/${ticketId}/links/${otherId}`);
}

export function mergeTickets(ticketId: number, ticketIds: number[]): Promise<TicketRelationsDto> {
  return http.request<TicketRelationsDto>('POST', `/tickets/${ticketId}/merge`, { ticketIds } satisfies BodyInputOf<Api['mergeTickets']>);
}

export function undoMerge(ticketId: number, otherId: number): Promise<TicketRelationsDto> {
  return http.request<TicketRelationsDto>('POST', `/tickets/${ticketId}/merged/${otherId}/undo`, {});
}

export function splitTicket(ticketId: number, fromItemId: number): Promise<TicketDetailDto> {
  return http.request<TicketDetailDto>('POST', `/tickets/${ticketId}/split`, { fromItemId } satisfies BodyInputOf<Api['splitTicket']>);
}
