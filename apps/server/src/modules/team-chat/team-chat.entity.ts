import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { type CallRecord, TEAM_CONVERSATION_KINDS } from '@parley/domain';
import { Agent } from '../agents/agent.entity.js';
import { Department } from '../organisation/department.entity.js';

/**
 * A team conversation: a department's channel (one per department, named after it), an ad-hoc channel, or the
 * direct conversation of two agents (`directKey` "smaller:larger" keeps it unique).
 */
export const TeamConversation = defineEntity({
  name: 'TeamConversation',
  tableName: 'team_conversation',
  properties: {
    id: p.integer().primary().autoincrement(),
    kind: p.enum([...TEAM_CONVERSATION_KINDS]),
    name: p.string().length(80).strictNullable(),
    department: () => p.manyToOne(Department).mapToPk().fieldName('department_id').strictNullable().unique().deleteRule('cascade'),
    directKey: p.string().length(40).strictNullable().unique(),
    createdByAgent: () => p.manyToOne(Agent).mapToPk().fieldName('created_by_agent_id').strictNullable().deleteRule('set null'),
    createdAt: p.datetime(),
    lastMessageAt: p.datetime().strictNullable(),
  },
});
export type TeamConversation = InferEntity<typeof TeamConversation>;

/**
 * An agent in a conversation: membership of ad-hoc channels and direct conversations, and everyone's read
 * marker (department channels get a row only to keep the marker; membership there is the department's).
 */
export const TeamMember = defineEntity({
  name: 'TeamMember',
  tableName: 'team_member',
  properties: {
    conversation: () => p.manyToOne(TeamConversation).mapToPk().primary().fieldName('conversation_id').deleteRule('cascade'),
    agent: () => p.manyToOne(Agent).mapToPk().primary().fieldName('agent_id').deleteRule('cascade').index(),
    lastReadMessageId: p.integer().default(0),
    joinedAt: p.datetime(),
  },
});
export type TeamMember = InferEntity<typeof TeamMember>;

/**
 * A team chat message; insert-only. The author's client id makes a retried send store it once. The record of
 * a call is a message too: authored by the caller, with an empty body and the call's facts (`call`), written
 * once per call (`callId` is unique) in the transaction that ended it.
 */
export const TeamMessage = defineEntity({
  name: 'TeamMessage',
  tableName: 'team_message',
  properties: {
    id: p.integer().primary().autoincrement(),
    conversation: () => p.manyToOne(TeamConversation).mapToPk().fieldName('conversation_id').deleteRule('cascade'),
    authorAgent: () => p.manyToOne(Agent).mapToPk().fieldName('author_agent_id').strictNullable().deleteRule('set null'),
    body: p.text(),
    mentions: p.json<number[]>(),
    clientId: p.string().length(64).strictNullable(),
    /** The call this message records (no foreign key: the record outlives the call's row). */
    callId: p.integer().fieldName('call_id').strictNullable(),
    call: p.json<CallRecord>().fieldName('call').strictNullable(),
    createdAt: p.datetime(),
  },
  indexes: [{ properties: ['conversation', 'id'], name: 'team_message_conversation_idx' }],
  uniques: [
    { properties: ['authorAgent', 'clientId'], name: 'team_message_client_id_unique' },
    { properties: ['callId'], name: 'team_message_call_id_unique' },
  ],
});
export type TeamMessage = InferEntity<typeof TeamMessage>;
