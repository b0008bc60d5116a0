import { type AgentPrincipal, canUndoMerge, MERGE_UNDO_WINDOW_MS } from '@parley/domain';
import type { RelatedTicketDto, TicketRelationsDto } from '@parley/protocol';
import type { Em } from '../../db/orm.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { ticketNumber } from '../tickets/ticket.presenter.js';
import { visibleToAgent } from '../tickets/ticket.repository.js';
import { TicketLink, TicketMerge } from './ticket-relation.entity.js';

/**
 * A ticket's relations as the asking agent may see them: a linked or merged ticket outside their reach is
 * left out, so nothing about it (not even its subject) reaches them.
 */
export async function relationsOf(em: Em, agent: AgentPrincipal, ticket: Ticket, now: Date): Promise<TicketRelationsDto> {
  const [links, merges] = await Promise.all([
    em.find(TicketLink, { $or: [{ lowTicket: ticket.id }, { highTicket: ticket.id }] }),
    em.find(TicketMerge, { targetTicket: ticket.id, undoneAt: null }, { orderBy: { id: 'desc' } }),
  ]);
  const linkedIds = links.map((link) => (link.lowTicket === ticket.id ? link.highTicket : link.lowTicket));
  const ids = [...new Set([...linkedIds, ...merges.map((merge) => merge.sourceTicket), ...(ticket.mergedIntoId ? [ticket.mergedIntoId] : [])])];
  const visible = ids.length === 0 ? [] : await em.find(Ticket, { $and: [{ id: { $in: ids } }, visibleToAgent(agent)] }, { fields: ['id', 'subject', 'status'] });
  const byId = new Map(visible.map((t) => [t.id, t]));
  const related = (id: number): RelatedTicketDto | null => {
    const t = byId.get(id);
    return t ? { id: t.id, number: ticketNumber(t.id), subject: t.subject, status: t.status } : null;
  };
  return {
    links: linkedIds
      .sort((a, b) => a - b)
      .map(related)
      .filter((t): t is RelatedTicketDto => t !== null),
    merged: merges.flatMap((merge) => {
      const t = related(merge.sourceTicket);
      if (!t) return [];
      const undoableUntil = canUndoMerge(merge.createdAt, now) ? new Date(merge.createdAt.getTime() + MERGE_UNDO_WINDOW_MS).toISOString() : null;
      return [{ ...t, mergedAt: merge.createdAt.toISOString(), undoableUntil }];
    }),
    mergedInto: ticket.mergedIntoId ? related(ticket.mergedIntoId) : null,
  };
}
