import {
  type AgentPrincipal,
  claimForAgent,
  DomainError,
  ErrorCodes,
} from '@parley/domain';
import type { ClaimedTicketDto } from '@parley/protocol';
import type { AgentScope, } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import type { Ticket } from './ticket.entity.js';
import { toTicketState } from './ticket.presenter.js';
import { toSolveCandidates } from './to-solve-candidates.js';
import { changeTicket, ticketDto } from './ticket.service.js';


/**
 * Claims the most urgent ticket the agent may take. Candidates are read in urgency order and each is
 * claimed under the change's lock (PostgreSQL locks the row; SQLite runs one write transaction at a time),
 * where the domain judges it again: two agents pressing the button at the same moment can never both get
 * one ticket, the loser moves on to the next candidate.
 */
export async function claimToSolve(scope: AgentScope): Promise<ClaimedTicketDto> {
  const agent: AgentPrincipal = scope.agent;
  for (let round = 0; round < 5; round++) {
    const candidates = await toSolveCandidates(scope.em.fork() as Em, agent, 10);
    if (candidates.length === 0) break;
    for (const candidate of candidates) {
      const claimed = await tryClaim(scope, candidate);
      if (claimed) return { ticket: await ticketDto(scope, claimed) };
    }
  }
  throw new DomainError(ErrorCodes.ticketNothingToSolve, 'No ticket waits for you right now.');
}

async function tryClaim(scope: AgentScope, ticketId: number): Promise<Ticket | null> {
  try {
    const { ticket } = await changeTicket(scope, ticketId, (work) => {
      work.apply(claimForAgent({ ...toTicketState(work.ticket), id: work.ticket.id, folder: work.ticket.folder }, scope.agent));
    });
    return ticket;
  } catch (error) {
    if (error instanceof DomainError && (error.code === ErrorCodes.conflict || error.code === ErrorCodes.ticketNotFound)) return null;
    throw error;
  }
}
