
import {
  type AgentPrincipal,
  claimForAgent,
  DomainError,
  ErrorCodes,
} from '@parley/domain';
import type { TicketDetailDto, } from '@parley/protocol';
import type { AgentScope, } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Ticket } from './ticket.entity.js';
import { toTicketState } from './ticket.presenter.js';
import { toSolveCandidates } from './to-solve-candidates.js';
import { changeTicket, getTicket } from './ticket.service.js';


/**
 * Claims the most urgent ticket the agent may take. Candidates are read in urgency order and each claim
 * is a conditional update (still unassigned or already mine, still waiting), so two agents pressing the
 * button at the same moment can never both get one ticket: the loser moves on to the next candidate.
 */
export async function claimToSolve(scope: AgentScope): Promise<TicketDetailDto> {
  const agent: AgentPrincipal = scope.agent;
  for (let round = 0; round < 5; round++) {
    const candidates = await toSolveCandidates(scope.em.fork() as Em, agent, 10);
    if (candidates.length === 0) break;
    for (const candidate of candidates) {
      const claimed = await tryClaim(scope, candidate);
      if (claimed) return getTicket(scope, claimed.id);
    }
  }
  throw new DomainError(ErrorCodes.ticketNothingToSolve, 'No ticket waits for you right now.');
}

async function tryClaim(scope: AgentScope, ticketId: number): Promise<Ticket | null> {
  try {
    const { ticket } = await changeTicket(scope, ticketId, async (work) => {
      const change = claimForAgent({ ...toTicketState(work.ticket), id: work.ticket.id }, scope.agent);
      if (change.patch.assignedAgentId !== undefined) {
        // The guard in the WHERE clause makes the claim atomic even where rows are not locked.
        const updated = await work.em.nativeUpdate(
          Ticket,
          { id: work.ticket.id, assignedAgentId: null, status: { $in: ['new', 'open'] } },
          { assignedAgentId: scope.agent.agentId, updatedAt: work.at },
        );
        if (updated !== 1) throw new DomainError(ErrorCodes.conflict, 'Taken by someone else.');
        work.ticket.assignedAgentId = scope.agent.agentId;
      }
      work.recordEvents(change.events);
    });
    return ticket;
  } catch (error) {
    if (error instanceof DomainError && (error.code === ErrorCodes.conflict || error.code === ErrorCodes.ticketNotFound)) return null;
    throw error;
  }
}
