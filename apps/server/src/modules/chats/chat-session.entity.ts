import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { CHAT_PHASES } from '@parley/domain';
import type { VisitorContextDto } from '@parley/protocol';
import { Agent } from '../agents/agent.entity.js';
import { Department } from '../organisation/department.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';

/**
 * A chat's routing, one row per chat ticket, mirroring the domain's ChatSessionState. It lives in the
 * database rather than in a process so every instance sees the same queue; "first accept wins" is a
 * conditional update on `phase`.
 */
export const ChatSession = defineEntity({
  name: 'ChatSession',
  tableName: 'chat_session',
  properties: {
    ticket: () => p.manyToOne(Ticket).mapToPk().primary().fieldName('ticket_id').deleteRule('cascade'),
    phase: p.enum([...CHAT_PHASES]).index(),
    departmentId: () => p.manyToOne(Department).mapToPk().fieldName('department_id').strictNullable().deleteRule('set null'),
    ownerAgentId: () => p.manyToOne(Agent).mapToPk().fieldName('owner_agent_id').strictNullable().deleteRule('set null').index(),
    participantIds: p.json<number[]>(),
    offeredAgentIds: p.json<number[]>(),
    declinedAgentIds: p.json<number[]>(),
    targetAgentId: () => p.manyToOne(Agent).mapToPk().fieldName('target_agent_id').strictNullable().deleteRule('set null'),
    /** The start of the message that opened (or reopened) the chat, for the ringing card. */
    preview: p.string().length(200),
    offerRound: p.integer().default(0),
    waitingSince: p.datetime(),
    offeredAt: p.datetime(),
    /** When an agent first took this chat (a chat reopened by the visitor starts without). */
    acceptedAt: p.datetime().strictNullable(),
    /** When this chat began waiting for its first agent: its start, for statistics (null on chats from before it was kept). */
    startedAt: p.datetime().nullable(),
    ownerAbsentSince: p.datetime().strictNullable(),
    /**
     * The visitor's details as they were when they let go of this chat (ended it, or started another): their
     * visitor row moves on, and agents reading the chat afterwards still see where they were and with what.
     */
    visit: p.json<NonNullable<VisitorContextDto['visitor']>>().nullable(),
    updatedAt: p.datetime(),
  },
});
export type ChatSession = InferEntity<typeof ChatSession>;
