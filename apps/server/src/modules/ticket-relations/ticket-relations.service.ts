import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { assertMergeUndoable, DomainError, ErrorCodes, type MergeableTicket, planMerge, ticketLink, waitingAfterMerge } from '@parley/domain';
import type { TicketRelationsDto } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Visitor } from '../chats/visitor.entity.js';
import { Contact } from '../contacts/contact.entity.js';
import { EmailMessage } from '../email/email.entity.js';
import { ThreadItem, type Ticket } from '../tickets/ticket.entity.js';
import { findTicketForAgent } from '../tickets/ticket.repository.js';
import type { TicketWork } from '../tickets/ticket-transaction.js';
import { inTickets } from './in-tickets.js';
import { type MergedTicketBefore, TicketLink, TicketMerge } from './ticket-relation.entity.js';
import { relationsOf } from './ticket-relations.repository.js';

/**
 * Links and merges: each one transaction over every ticket involved, each ticket locked in id order (so two
 * merges over the same tickets cannot deadlock), each change recorded as a system event on every side and
 * announced after commit like any other ticket change.
 */

export async function ticketRelations(scope: AgentScope, ticketId: number): Promise<TicketRelationsDto> {
  const ticket = await findTicketForAgent(scope.em, scope.agent, ticketId);
  return relationsOf(scope.em, scope.agent, ticket, scope.app.clock.now());
}

export async function linkTickets(scope: AgentScope, ticketId: number, otherId: number): Promise<TicketRelationsDto> {
  const { low, high } = ticketLink(ticketId, otherId);
  try {
    await inTickets(scope, [low, high], async (tx, works) => {
      if (await tx.findOne(TicketLink, { lowTicket: low, highTicket: high })) return undefined;
      tx.create(TicketLink, { lowTicket: low, highTicket: high, createdByAgentId: scope.agent.agentId, createdAt: works[0]!.at });
      works[0]!.recordEvents([{ type: 'linked', ticketId: high }]);
      works[1]!.recordEvents([{ type: 'linked', ticketId: low }]);
    });
  } catch (error) {
    // Two agents linking the same pair at once: the second finds the link made, which is what it asked for.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
  }
  return ticketRelations(scope, ticketId);
}

export async function unlinkTickets(scope: AgentScope, ticketId: number, otherId: number): Promise<TicketRelationsDto> {
  const { low, high } = ticketLink(ticketId, otherId);
  await inTickets(scope, [low, high], async (tx, works) => {
    const link = await tx.findOne(TicketLink, { lowTicket: low, highTicket: high });
    if (!link) return undefined;
    tx.remove(link);
    works[0]!.recordEvents([{ type: 'unlinked', ticketId: high }]);
    works[1]!.recordEvents([{ type: 'unlinked', ticketId: low }]);
  });
  return ticketRelations(scope, ticketId);
}

/**
 * Merges `sourceIds` into `targetId`. The sources' thread items move to the target (their ids keep the
 * threads interleaved in time order, and the letters' Message-IDs now lead replies to the target); the
 * sources close pointing at the target. A source whose chat is still live is refused: the visitor is typing
 * into that ticket right now, and their chat must end first.
 */
export async function mergeTickets(scope: AgentScope, targetId: number, sourceIds: readonly number[]): Promise<TicketRelationsDto> {
  await inTickets(scope, [targetId, ...sourceIds], async (tx, works) => {
    const byId = new Map(works.map((work) => [work.ticket.id, work]));
    const target = byId.get(targetId)!;
    const sources = sourceIds.map((id) => byId.get(id)).filter((work): work is TicketWork => work !== undefined);
    const emails = await contactEmails(tx, works.map((work) => work.ticket.contactId ?? null));
    const mergeable = (ticket: Ticket): MergeableTicket => ({
      id: ticket.id,
      departmentId: ticket.departmentId ?? null,
      assignedAgentId: ticket.assignedAgentId ?? null,
      createdByAgentId: ticket.createdByAgentId ?? null,
      internal: ticket.internal,
      contactId: ticket.contactId ?? null,
      status: ticket.status,
      cc: ticket.cc,
      contactEmail: ticket.contactId ? (emails.get(ticket.contactId) ?? null) : null,
      mergedIntoId: ticket.mergedIntoId ?? null,
    });
    const plan = planMerge(scope.agent, mergeable(target.ticket), sourceIds.map((id) => mergeable(byId.get(id)!.ticket)));
    const live = await tx.count(Visitor, { chatTicketId: { $in: [...plan.sourceIds] } });
    if (live > 0) throw new DomainError(ErrorCodes.ticketMergeInvalid, 'A ticket whose chat is still going on cannot be merged away; end the chat first.');

    const sourcesWaitingSince = sources.map((source) => source.ticket.waitingSince ?? null);
    const ccBefore = new Set(target.ticket.cc.map((address) => address.toLowerCase()));
    const added = plan.targetCc.filter((address) => !ccBefore.has(address.toLowerCase()));
    for (const source of sources) {
      const moved = await tx.find(ThreadItem, { ticket: source.ticket.id }, { fields: ['id'], orderBy: { id: 'asc' } });
      const movedIds = moved.map((item) => item.id);
      if (movedIds.length > 0) {
        await tx.nativeUpdate(ThreadItem, { id: { $in: movedIds } }, { ticket: target.ticket.id });
        await tx.nativeUpdate(EmailMessage, { threadItem: { $in: movedIds } }, { ticketId: target.ticket.id });
      }
      const before: MergedTicketBefore = {
        status: source.ticket.status,
        customStatusId: source.ticket.customStatusId ?? null,
        resolvedAt: source.ticket.resolvedAt?.toISOString() ?? null,
        waitingSince: source.ticket.waitingSince?.toISOString() ?? null,
        postponedUntil: source.ticket.postponedUntil?.toISOString() ?? null,
      };
      // Each address the merge added is remembered with the source that brought it, for that source's undo.
      const brought = added.filter((address) => addressesOf(source.ticket, emails).has(address.toLowerCase()));
      tx.create(TicketMerge, {
        targetTicket: target.ticket.id,
        sourceTicket: source.ticket.id,
        agentId: scope.agent.agentId,
        movedItemIds: movedIds,
        sourceBefore: before,
        addedCc: brought,
        createdAt: target.at,
        undoneAt: null,
      });
      source.markChanged();
      Object.assign(source.ticket, { status: 'resolved', customStatusId: null, resolvedAt: source.at, waitingSince: null, postponedUntil: null, mergedIntoId: target.ticket.id });
      source.recordEvents([{ type: 'merged_into', ticketId: target.ticket.id }]);
      target.ticket.lastCustomerMessageAt = latest(target.ticket.lastCustomerMessageAt, source.ticket.lastCustomerMessageAt);
    }
    target.markChanged();
    Object.assign(target.ticket, waitingAfterMerge({ status: target.ticket.status, waitingSince: target.ticket.waitingSince ?? null }, sourcesWaitingSince));
    target.ticket.cc = [...plan.targetCc];
    target.recordEvents([{ type: 'merged_from', ticketIds: [...plan.sourceIds] }]);
  });
  return ticketRelations(scope, targetId);
}

/** Undoes merging `sourceId` into `targetId`: the items it brought go back, and it is again what it was. */
export async function undoMerge(scope: AgentScope, targetId: number, sourceId: number): Promise<TicketRelationsDto> {
  await inTickets(scope, [targetId, sourceId], async (tx, works) => {
    const target = works.find((work) => work.ticket.id === targetId)!;
    const source = works.find((work) => work.ticket.id === sourceId)!;
    const merge = await tx.findOne(TicketMerge, { targetTicket: targetId, sourceTicket: sourceId, undoneAt: null }, { orderBy: { id: 'desc' } });
    if (!merge || source.ticket.mergedIntoId !== targetId) {
      throw new DomainError(ErrorCodes.ticketNotFound, `Ticket ${sourceId} was not merged into ${targetId}.`);
    }
    assertMergeUndoable(merge.createdAt, target.at);
    if (merge.movedItemIds.length > 0) {
      await tx.nativeUpdate(ThreadItem, { id: { $in: merge.movedItemIds }, ticket: targetId }, { ticket: sourceId });
      await tx.nativeUpdate(EmailMessage, { threadItem: { $in: merge.movedItemIds } }, { ticketId: sourceId });
    }
    const before = merge.sourceBefore;
    source.markChanged();
    Object.assign(source.ticket, {
      status: before.status,
      customStatusId: before.customStatusId,
      resolvedAt: parseOrNull(before.resolvedAt),
      waitingSince: parseOrNull(before.waitingSince),
      postponedUntil: parseOrNull(before.postponedUntil),
      mergedIntoId: null,
    });
    source.recordEvents([{ type: 'merge_undone', ticketId: targetId }]);
    const removed = new Set(merge.addedCc.map((address) => address.toLowerCase()));
    target.markChanged();
    target.ticket.cc = target.ticket.cc.filter((address) => !removed.has(address.toLowerCase()));
    target.recordEvents([{ type: 'merge_undone', ticketId: sourceId }]);
    merge.undoneAt = target.at;
  });
  return ticketRelations(scope, targetId);
}

async function contactEmails(em: Em, contactIds: readonly (number | null)[]): Promise<Map<number, string>> {
  const ids = [...new Set(contactIds.filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const contacts = await em.find(Contact, { id: { $in: ids } }, { fields: ['id', 'primaryEmail'] });
  return new Map(contacts.filter((c) => c.primaryEmail).map((c) => [c.id, c.primaryEmail!]));
}

function addressesOf(ticket: Ticket, emails: Map<number, string>): Set<string> {
  const own = ticket.contactId ? emails.get(ticket.contactId) : undefined;
  return new Set([...(own ? [own] : []), ...ticket.cc].map((address) => address.toLowerCase()));
}

function parseOrNull(iso: string | null): Date | null {
  return iso === null ? null : new Date(iso);
}

function latest(a: Date | null | undefined, b: Date | null | undefined): Date | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a.getTime() >= b.getTime() ? a : b;
}
