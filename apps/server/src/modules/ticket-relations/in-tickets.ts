import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { findTicketForAgent } from '../tickets/ticket.repository.js';
import { TicketWork } from '../tickets/ticket-transaction.js';

/**
 * Runs `change` in one transaction over tickets the agent may see, each locked in id order, then announces
 * every ticket it changed. Any ticket outside the agent's reach is not found, before anything is written.
 */
export async function inTickets<T = void>(
  scope: AgentScope,
  ids: readonly number[],
  change: (tx: Em, works: TicketWork[]) => Promise<{ result: T; created?: readonly TicketWork[] } | undefined>,
): Promise<T | undefined> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const at = scope.app.clock.now();
  const em = scope.em.fork() as Em;
  const { works, outcome } = await em.transactional(async (tx) => {
    const works: TicketWork[] = [];
    for (const id of unique) works.push(new TicketWork(tx as Em, await findTicketForAgent(tx as Em, scope.agent, id, true), at, scope.agent.agentId));
    const outcome = (await change(tx as Em, works)) ?? undefined;
    await tx.flush();
    return { works: [...works, ...(outcome?.created ?? [])], outcome };
  });
  for (const work of works) if (work.changed) work.publish(scope.app);
  return outcome?.result;
}

