import { type CallState, callEndedBy, callPresenceChanges, callRecord, consultationEvent, nextCallDeadline } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { writeCallRecordMessage } from '../team-chat/team-call-record.js';
import { loadTicketLocked } from '../tickets/ticket-load.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { TicketWork } from '../tickets/ticket-transaction.js';
import { AgentCall } from './call.entity.js';

/** The columns a call is looked up by, from its state. */
export function columnsOf(state: CallState) {
  const deadline = nextCallDeadline(state);
  return { state, status: state.status, nextDeadline: deadline === null ? null : new Date(deadline), endedAt: state.endedAt === null ? null : new Date(state.endedAt) };
}

/** What to announce once a call's change has committed. */
export type AfterCallCommit = () => void;

/**
 * What a call's ending writes besides the call, in the same transaction: the team chat's record of it and,
 * for a consultation answered or missed, the internal event on its ticket (system events are for agents
 * only: the domain's visibility keeps them from customers). Answers what to announce after commit.
 */
export async function recordCallEnd(app: AppContext, tx: Em, callId: number, state: CallState): Promise<AfterCallCommit> {
  const at = new Date(state.endedAt ?? app.clock.now().getTime());
  const messageId = await writeCallRecordMessage(tx, { callId, conversationId: state.conversationId, record: callRecord(state), at });
  const work = await noteConsultation(tx, state, at);
  return () => {
    app.events.publish('team.message_created', { conversationId: state.conversationId, messageId });
    work?.publish(app);
  };
}

async function noteConsultation(tx: Em, state: CallState, at: Date): Promise<TicketWork | null> {
  const event = consultationEvent(state);
  if (event === null || state.ticketId === null) return null;
  // The ticket may have been deleted since the call began (a call keeps no foreign key to it): nothing to note then.
  if ((await tx.count(Ticket, { id: state.ticketId })) === 0) return null;
  const work = new TicketWork(tx, await loadTicketLocked(tx, state.ticketId), at, state.callerAgentId);
  work.recordEvents([event]);
  await tx.flush();
  return work;
}

/**
 * Writes a stored call's change, only if nobody changed the call since it was read (`version`); false when
 * somebody did (the caller reads it again). The change that ends the call writes its record and ticket
 * note in the same transaction, so a call ends with exactly one of each or not at all.
 */
export async function writeCallChange(app: AppContext, em: Em, call: Pick<AgentCall, 'id' | 'version' | 'state'>, after: CallState): Promise<AfterCallCommit | null> {
  const update = { ...columnsOf(after), version: call.version + 1 };
  const where = { id: call.id, version: call.version };
  let afterCommit: AfterCallCommit = () => undefined;
  if (!callEndedBy(call.state, after)) {
    if ((await em.nativeUpdate(AgentCall, where, update)) === 0) return null;
  } else {
    const ended = await em.transactional(async (tx) => {
      if ((await tx.nativeUpdate(AgentCall, where, update)) === 0) return null;
      return recordCallEnd(app, tx as Em, call.id, after);
    });
    if (ended === null) return null;
    afterCommit = ended;
  }
  return () => {
    afterCommit();
    announceCallPresence(app, call.state, after);
  };
}

/** Colleagues see who went into a call or came out of it. */
export function announceCallPresence(app: AppContext, before: CallState | null, after: CallState): void {
  const agentIds = callPresenceChanges(before, after);
  if (agentIds.length > 0) app.events.publish('call.presence_changed', { agentIds });
}
