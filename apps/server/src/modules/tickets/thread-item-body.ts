import { DomainError, ErrorCodes } from '@parley/domain';
import type { ThreadItemBodyDto } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import { ThreadItem } from './ticket.entity.js';
import { findTicketForAgent } from './ticket.repository.js';

/**
 * The whole body of one item, for the thread's `truncated` ones: the same agents as the thread itself, and
 * the same answer for an item of another ticket as for none (no probing).
 */
export async function threadItemBody(scope: AgentScope, ticketId: number, itemId: number): Promise<ThreadItemBodyDto> {
  await findTicketForAgent(scope.em, scope.agent, ticketId);
  const item = await scope.em.findOne(ThreadItem, { id: itemId, ticket: ticketId }, { fields: ['id', 'body'] });
  if (!item) throw new DomainError(ErrorCodes.notFound, 'This ticket has no such thread item.');
  return { id: item.id, body: item.body };
}
