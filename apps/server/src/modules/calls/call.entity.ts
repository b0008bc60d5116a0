import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { CallState } from '@parley/domain';
import { Agent } from '../agents/agent.entity.js';
import { TeamConversation } from '../team-chat/team-chat.entity.js';

/**
 * A voice call between agents: its whole state as the domain keeps it (participants, who rings, when it
 * ended), with the columns the server looks calls up by. `version` makes each change conditional on the one
 * it was computed from, so two tabs or two instances acting at once never overwrite each other.
 */
export const AgentCall = defineEntity({
  name: 'AgentCall',
  tableName: 'agent_call',
  properties: {
    id: p.integer().primary().autoincrement(),
    conversation: () => p.manyToOne(TeamConversation).mapToPk().fieldName('conversation_id').deleteRule('cascade'),
    /** A consultation's ticket (no foreign key: a deleted ticket leaves the call's history as it was). */
    ticketId: p.integer().fieldName('ticket_id').nullable(),
    callerAgent: () => p.manyToOne(Agent).mapToPk().fieldName('caller_agent_id').deleteRule('cascade'),
    /** The caller's own id for the start, so a retried start finds the call it made. */
    clientId: p.string().length(64),
    status: p.string().length(8).$type<CallState['status']>(),
    state: p.json<CallState>(),
    /** When a timer next changes the call (ringing running out, a lost console's grace); null when none. */
    nextDeadline: p.datetime().fieldName('next_deadline').nullable(),
    version: p.integer().default(0),
    startedAt: p.datetime().fieldName('started_at'),
    endedAt: p.datetime().fieldName('ended_at').nullable(),
  },
  indexes: [
    { properties: ['status'], name: 'agent_call_status_idx' },
    { properties: ['nextDeadline'], name: 'agent_call_deadline_idx' },
  ],
  uniques: [{ properties: ['callerAgent', 'clientId'], name: 'agent_call_client_id_unique' }],
});
export type AgentCall = InferEntity<typeof AgentCall>;
