import { LockMode } from '@mikro-orm/core';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { type ChatSessionState, endChatSession, isPending, newChatSession, truncateText } from '@parley/domain';
import type { ChatSessionDto } from '@parley/protocol';
import type { Em } from '../../db/orm.js';
import { chatStatisticsState, recordChatFacts } from '../statistics/statistics-recording.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import { ChatSession } from './chat-session.entity.js';
import type { RoutingOutcome } from './routing-outcome.js';

const PREVIEW_LENGTH = 140;

export function toSessionState(row: ChatSession): ChatSessionState {
  return {
    phase: row.phase,
    departmentId: row.departmentId ?? null,
    ownerAgentId: row.ownerAgentId ?? null,
    participantIds: row.participantIds,
    offeredAgentIds: row.offeredAgentIds,
    declinedAgentIds: row.declinedAgentIds,
    targetAgentId: row.targetAgentId ?? null,
    offerRound: row.offerRound,
    waitingSince: row.waitingSince,
    offeredAt: row.offeredAt,
    ownerAbsentSince: row.ownerAbsentSince ?? null,
  };
}

/** The columns of a session state, for a create, an assign or a conditional native update. */
export function sessionColumns(state: ChatSessionState, at: Date) {
  return {
    phase: state.phase,
    departmentId: state.departmentId,
    ownerAgentId: state.ownerAgentId,
    participantIds: [...state.participantIds],
    offeredAgentIds: [...state.offeredAgentIds],
    declinedAgentIds: [...state.declinedAgentIds],
    targetAgentId: state.targetAgentId,
    offerRound: state.offerRound,
    waitingSince: state.waitingSince,
    offeredAt: state.offeredAt,
    ownerAbsentSince: state.ownerAbsentSince,
    updatedAt: at,
  };
}

export function writeSession(row: ChatSession, state: ChatSessionState, at: Date): void {
  Object.assign(row, sessionColumns(state, at));
}

/** The chat's session, locked for the transaction on PostgreSQL (SQLite runs one write transaction at a time). */
export function lockSession(tx: Em, ticketId: number): Promise<ChatSession | null> {
  const lock = tx.getPlatform() instanceof PostgreSqlPlatform ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
  return tx.findOne(ChatSession, { ticket: ticketId }, lock as never);
}

/**
 * Inside the visitor's write: a new chat gets its session, waiting; a chat whose session ended (resolved) and
 * that the visitor's message reopened waits again. Returns whether routing must offer it after commit.
 */
export async function openChatSession(tx: Em, ticket: Ticket, message: string, at: Date): Promise<boolean> {
  if (ticket.status === 'resolved') return false;
  const row = await lockSession(tx, ticket.id);
  if (!row) {
    const created = tx.create(ChatSession, { ticket: ticket.id, preview: chatPreview(message), acceptedAt: null, startedAt: at, ...sessionColumns(newChatSession(ticket.departmentId ?? null, at), at) });
    await recordChatFacts(tx, ticket as unknown as Record<string, unknown>, null, chatStatisticsState(created), at);
    return true;
  }
  if (row.phase !== 'ended') return false;
  const before = chatStatisticsState(row);
  writeSession(row, newChatSession(row.departmentId ?? ticket.departmentId ?? null, at), at);
  // A chat the visitor reopens is a new chat: it starts now, and nobody has taken it yet.
  row.startedAt = at;
  row.acceptedAt = null;
  row.preview = chatPreview(message);
  await recordChatFacts(tx, ticket as unknown as Record<string, unknown>, before, chatStatisticsState(row), at);
  return true;
}

/**
 * Inside the visitor's own `chat:end`: the chat's routing ends with it (nobody rings for a chat the visitor
 * left). Returns what to announce after commit, or null when there was nothing to end.
 */
export async function endChatSessionFor(tx: Em, ticketId: number, at: Date): Promise<{ routing: RoutingOutcome; missed: boolean } | null> {
  const row = await lockSession(tx, ticketId);
  if (!row || row.phase === 'ended') return null;
  const state = toSessionState(row);
  const ended = endChatSession(state);
  const before = chatStatisticsState(row);
  writeSession(row, ended.session, at);
  await recordChatFacts(tx, ticketId, before, chatStatisticsState(row), at);
  return {
    routing: {
      ticketId,
      withdrawn: ended.withdrawn,
      mineChanged: state.phase === 'active' && state.ownerAgentId !== null ? [state.ownerAgentId] : [],
      reoffer: state.phase === 'active',
    },
    // Ended while still waiting for an agent: the chat was missed (the triggers' chat_missed).
    missed: isPending(state),
  };
}

/** The first words of a message, on one line, short enough for a card. */
export function chatPreview(message: string): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return truncateText(line, PREVIEW_LENGTH, '…');
}

export function presentSession(row: ChatSession): ChatSessionDto {
  return {
    ticketId: row.ticket,
    phase: row.phase,
    departmentId: row.departmentId ?? null,
    ownerAgentId: row.ownerAgentId ?? null,
    participantIds: [...row.participantIds],
    waitingSince: row.waitingSince.toISOString(),
  };
}
