import type { CallRecord } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { TeamConversation, TeamMessage } from './team-chat.entity.js';
import { moveReadMarker } from './team-chat.service.js';

/**
 * Writes the record of an ended call in its conversation, inside the transaction that ended it: a message by
 * the caller (who has read it, as an author has) holding the call's facts and no text, so every reader's
 * console words it in their language. A second record of one call is refused by the unique `call_id`.
 */
export async function writeCallRecordMessage(tx: Em, input: { callId: number; conversationId: number; record: CallRecord; at: Date }): Promise<number> {
  const { callId, conversationId, record, at } = input;
  const message = tx.create(TeamMessage, {
    conversation: conversationId,
    authorAgent: record.callerAgentId,
    body: '',
    mentions: [],
    clientId: null,
    callId,
    call: record,
    createdAt: at,
  });
  await tx.flush();
  await tx.nativeUpdate(TeamConversation, { id: conversationId }, { lastMessageAt: at });
  await moveReadMarker(tx, conversationId, record.callerAgentId, message.id, at);
  return message.id;
}
