import {
  advanceAgentSeen,
  advanceVisitorReceipts,
  CUSTOMER_VISIBLE_THREAD_ITEM_KINDS,
  DomainError,
  ErrorCodes,
  isThreadItemVisibleToCustomer,
  type VisitorReceiptKind,
} from '@parley/domain';
import type { ChatReceiptsDto, VisitorReceiptsDto } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { ThreadItem } from '../tickets/ticket.entity.js';
import { findTicketForAgent } from '../tickets/ticket.repository.js';
import { type VisitorScope, inVisitorTransaction } from './chat.service.js';
import { Visitor } from './visitor.entity.js';

/**
 * An item id a visitor's receipt may name: one of their chat's items that they can see. Internal notes,
 * system events, other tickets' items and ids that do not exist all get the same answer, so a visitor
 * learns nothing of what they cannot see, not even that it exists.
 */
async function assertVisitorVisibleItem(em: Em, ticketId: number, itemId: number): Promise<void> {
  const item = await em.findOne(ThreadItem, { id: itemId, ticket: ticketId }, { fields: ['id', 'kind'] });
  if (!item || !isThreadItemVisibleToCustomer(item)) throw new DomainError(ErrorCodes.notFound, `Message ${itemId} is not part of this chat.`);
}

/**
 * The newest item at or before `itemId` that the chat's visitor can see: an agent who has read up to an
 * internal note has read the visitor's side up to the message before it, and only that id reaches them.
 */
async function lastVisitorVisibleItemUpTo(em: Em, ticketId: number, itemId: number): Promise<number | null> {
  const [newest] = await em.find(
    ThreadItem,
    { ticket: ticketId, id: { $lte: itemId }, kind: { $in: [...CUSTOMER_VISIBLE_THREAD_ITEM_KINDS] } },
    { fields: ['id'], orderBy: { id: 'desc' }, limit: 1 },
  );
  return newest?.id ?? null;
}

/**
 * `chat:received` / `chat:seen`: moves the visitor's receipts of their own chat forward (under the visitor's
 * row lock, so two tabs cannot take one back). Answers the markers and, when they moved, the ticket to tell.
 */
export async function recordVisitorReceipt(
  scope: VisitorScope,
  kind: VisitorReceiptKind,
  upToItemId: number,
): Promise<{ receipts: VisitorReceiptsDto; ticketId: number; changed: boolean }> {
  return inVisitorTransaction(scope, async (tx, visitor) => {
    if (!visitor?.chatTicketId) throw new DomainError(ErrorCodes.chatNotStarted, 'Start a chat first (chat:start).');
    await assertVisitorVisibleItem(tx, visitor.chatTicketId, upToItemId);
    const current = { deliveredUpToItemId: visitor.deliveredUpToItemId ?? null, seenUpToItemId: visitor.seenUpToItemId ?? null };
    const next = advanceVisitorReceipts(current, kind, upToItemId);
    if (next) {
      visitor.deliveredUpToItemId = next.deliveredUpToItemId;
      visitor.seenUpToItemId = next.seenUpToItemId;
      await tx.flush();
    }
    return { result: { receipts: next ?? current, ticketId: visitor.chatTicketId, changed: next !== null }, work: null };
  });
}

/**
 * `chat:mark_seen`: an agent who may see the chat ticket has seen the visitor's messages up to an item. The
 * marker moves forward with one conditional update per visitor of the chat, so concurrent agents never take
 * it back. Answers both sides' receipts, and the visitors to tell when it moved.
 */
export async function markSeenByAgent(
  scope: AgentScope,
  ticketId: number,
  upToItemId: number,
): Promise<{ receipts: ChatReceiptsDto; visitorIds: string[]; moved: boolean }> {
  const ticket = await findTicketForAgent(scope.em, scope.agent, ticketId);
  if (ticket.channel !== 'chat') throw new DomainError(ErrorCodes.chatNotChat, 'Only a chat has read receipts.');
  if ((await scope.em.count(ThreadItem, { id: upToItemId, ticket: ticketId })) === 0) {
    throw new DomainError(ErrorCodes.notFound, `Message ${upToItemId} is not part of this chat.`);
  }
  const visible = await lastVisitorVisibleItemUpTo(scope.em, ticketId, upToItemId);
  const visitors = await scope.em.find(Visitor, { chatTicketId: ticketId }, { orderBy: { updatedAt: 'desc' } });
  let moved = false;
  for (const visitor of visitors) {
    if (visible === null) break;
    if (advanceAgentSeen(visitor.agentSeenUpToItemId ?? null, visible) === null) continue;
    const updated = await scope.em.nativeUpdate(
      Visitor,
      { id: visitor.id, chatTicketId: ticketId, $or: [{ agentSeenUpToItemId: null }, { agentSeenUpToItemId: { $lt: visible } }] },
      { agentSeenUpToItemId: visible },
    );
    if (updated > 0) moved = true;
  }
  const latest = visitors[0] ? await scope.em.fork().findOne(Visitor, { id: visitors[0].id }) : null;
  return {
    receipts: {
      ticketId,
      deliveredUpToItemId: latest?.deliveredUpToItemId ?? null,
      seenUpToItemId: latest?.seenUpToItemId ?? null,
      agentSeenUpToItemId: latest?.agentSeenUpToItemId ?? null,
    },
    visitorIds: visitors.map((v) => v.id),
    moved,
  };
}
