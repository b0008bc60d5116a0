import { conversationState, planSplit } from '@parley/domain';
import type { TicketDetailDto } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import { EmailMessage } from '../email/email.entity.js';
import { ThreadItem, Ticket } from '../tickets/ticket.entity.js';
import { getTicket } from '../tickets/ticket.service.js';
import { TicketWork } from '../tickets/ticket-transaction.js';
import { inTickets } from './in-tickets.js';
import { TicketLink } from './ticket-relation.entity.js';

/**
 * Splits a ticket from one message onward into a new ticket for the same customer, in one transaction: the
 * items move (their letters too, so replies to them thread into the new ticket), both halves take the state
 * their own messages give them, and the two are linked.
 */
export async function splitTicket(scope: AgentScope, ticketId: number, fromItemId: number): Promise<TicketDetailDto> {
  const newId = await inTickets<number>(scope, [ticketId], async (tx, [work]) => {
    const original = work!.ticket;
    const items = await tx.find(ThreadItem, { ticket: ticketId }, { fields: ['id', 'kind', 'createdAt'], orderBy: { id: 'asc' } });
    const { movedItemIds } = planSplit(
      scope.agent,
      {
        id: original.id,
        departmentId: original.departmentId ?? null,
        assignedAgentId: original.assignedAgentId ?? null,
        createdByAgentId: original.createdByAgentId ?? null,
        internal: original.internal,
        contactId: original.contactId ?? null,
        status: original.status,
        cc: original.cc,
        contactEmail: null,
        mergedIntoId: original.mergedIntoId ?? null,
      },
      items,
      fromItemId,
    );
    const moving = new Set(movedItemIds);
    const moved = conversationState(items.filter((item) => moving.has(item.id)));
    const kept = conversationState(items.filter((item) => !moving.has(item.id)));
    const at = work!.at;

    const created = tx.create(Ticket, {
      subject: original.subject,
      status: moved.status,
      customStatusId: null,
      internal: original.internal,
      channel: original.channel,
      priority: original.priority,
      departmentId: original.departmentId ?? null,
      assignedAgentId: original.assignedAgentId ?? null,
      contactId: original.contactId ?? null,
      createdByAgentId: scope.agent.agentId,
      tags: [...original.tags],
      cc: [...original.cc],
      clientId: null,
      customerTokenHash: null,
      createdAt: at,
      updatedAt: at,
      firstAgentReplyAt: moved.firstAgentReplyAt,
      lastCustomerMessageAt: moved.lastCustomerMessageAt,
      lastAgentReplyAt: moved.lastAgentReplyAt,
      resolvedAt: null,
      postponedUntil: null,
      waitingSince: moved.waitingSince,
      mergedIntoId: null,
    });
    await tx.flush();
    await tx.nativeUpdate(ThreadItem, { id: { $in: movedItemIds } }, { ticket: created.id });
    await tx.nativeUpdate(EmailMessage, { threadItem: { $in: movedItemIds } }, { ticketId: created.id });
    tx.create(TicketLink, { lowTicket: original.id, highTicket: created.id, createdByAgentId: scope.agent.agentId, createdAt: at });

    // The original keeps its status unless it described the moved messages: a wait that left with them ends.
    work!.markChanged();
    Object.assign(original, { lastCustomerMessageAt: kept.lastCustomerMessageAt, lastAgentReplyAt: kept.lastAgentReplyAt });
    if (original.status === 'new' || original.status === 'open' || original.status === 'answered') {
      Object.assign(original, { status: original.status === 'new' && kept.waitingSince ? 'new' : kept.status, waitingSince: kept.waitingSince });
    }
    work!.recordEvents([{ type: 'split_into', ticketId: created.id }]);
    const createdWork = new TicketWork(tx, created, at, scope.agent.agentId, true);
    createdWork.recordEvents([{ type: 'split_from', ticketId: original.id }]);
    return { result: created.id, created: [createdWork] };
  });
  return getTicket(scope, newId!);
}
