import type { Api, ResponseOf, TicketDetailDto } from '@parley/protocol';
import { http } from './http';

export type TicketPage = ResponseOf<Api['listTickets']>;

/** The tickets waiting for an agent (New and Open) the signed-in agent may see, longest waiting first. */
export function listWaitingTickets(limit = 100): Promise<TicketPage> {
  return http.request<TicketPage>('GET', `/tickets?status=new,open&sort=-waiting&limit=${limit}`);
}

/** "To solve": claims the most urgent ticket the agent may take. */
export function claimToSolve(): Promise<TicketDetailDto> {
  return http.request<TicketDetailDto>('POST', '/tickets/to-solve');
}
