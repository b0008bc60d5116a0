import type { CallState } from '@parley/domain';
import type { CallDto } from '@parley/protocol';

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/** A call as its participants see it: who is in it, rung or out of it; never which tab anyone uses. */
export function callDto(id: number, state: CallState): CallDto {
  return {
    id,
    kind: state.kind,
    conversationId: state.conversationId,
    ticketId: state.ticketId,
    callerAgentId: state.callerAgentId,
    status: state.status,
    participants: state.participants.map((p) => ({ agentId: p.agentId, state: p.state, joinedAt: iso(p.joinedAt) })),
    startedAt: new Date(state.startedAt).toISOString(),
    answeredAt: iso(state.answeredAt),
    endedAt: iso(state.endedAt),
    endReason: state.endReason,
  };
}
