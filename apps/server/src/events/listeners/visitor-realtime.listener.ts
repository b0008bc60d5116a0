import type { TicketAudienceSnapshot } from '@parley/domain';
import type { ThreadItemDto, VisitorMessageDto } from '@parley/protocol';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { Visitor } from '../../modules/chats/visitor.entity.js';
import { agentNames, toVisitorMessage } from '../../modules/chats/visitor-message.presenter.js';
import { ThreadItem, Ticket } from '../../modules/tickets/ticket.entity.js';
import { presentThreadItem } from '../../modules/tickets/ticket.presenter.js';
import { attachmentsOf } from '../../modules/tickets/ticket.repository.js';
import { audienceSnapshot } from '../../modules/tickets/ticket-transaction.js';
import { chatItemVisitorRooms } from '../../realtime/rooms.js';
import type { VisitorNamespace } from '../../realtime/socket-types.js';
import type { ServerEventMap } from '../server-events.js';

type ItemFact = ServerEventMap['thread.item_created'];

/**
 * Pushes committed chat messages to the visitor whose chat it is. The audience comes from domain visibility
 * (chatItemVisitorRooms): an internal note, a system event or an item of any other ticket has no visitor room.
 * Items are announced as their write produced them; facts published without that (replays) are loaded by id.
 */
export function registerVisitorRealtimeListener(app: AppContext, visitors: VisitorNamespace, shared: boolean): void {
  app.events.onBatch('thread.item_created', async (facts) => {
    if (!shared && visitors.sockets.size === 0) return;
    // Items of other channels never reach a visitor: those the write described are dropped without a read.
    const relevant = facts.filter((f) => !f.produced || f.produced.channel === 'chat');
    if (relevant.length === 0) return;
    const em = app.orm.em.fork() as Em;
    const chatItems = await chatItemsOf(em, relevant);
    if (chatItems.length === 0) return;
    // A chat's visitors as the write read them (a visitor's message); the others' are read now.
    const visitorsOf = new Map<number, readonly string[]>();
    for (const f of relevant) if (f.produced?.chatVisitorIds) visitorsOf.set(f.ticketId, f.produced.chatVisitorIds);
    const unknown = [...new Set(chatItems.map((c) => c.item.ticketId))].filter((ticketId) => !visitorsOf.has(ticketId));
    const chatVisitors = unknown.length > 0 ? await em.find(Visitor, { chatTicketId: { $in: unknown } }, { fields: ['id', 'chatTicketId'] }) : [];
    for (const v of chatVisitors) visitorsOf.set(v.chatTicketId!, [...(visitorsOf.get(v.chatTicketId!) ?? []), v.id]);
    const outgoing = chatItems
      .map(({ item, audience }) => ({ item, targets: chatItemVisitorRooms(audience, item, visitorsOf.get(item.ticketId) ?? []) }))
      .filter((o) => o.targets.length > 0);
    if (outgoing.length === 0) return;
    const names = await agentNames(em, outgoing.map((o) => o.item.authorAgentId));
    for (const { item, targets } of outgoing) {
      const message: VisitorMessageDto = toVisitorMessage(item, item.authorAgentId ? (names.get(item.authorAgentId) ?? null) : null);
      visitors.to(targets).emit('chat:message', message);
    }
  });
}

/** The chat items among the facts, as agents see them, with their chat's audience. */
async function chatItemsOf(em: Em, facts: readonly ItemFact[]): Promise<{ item: ThreadItemDto; audience: TicketAudienceSnapshot }[]> {
  const described = facts.flatMap((f) => (f.produced ? [{ item: f.produced.item, audience: f.produced.audience }] : []));
  const missing = facts.filter((f) => !f.produced);
  if (missing.length === 0) return described;
  const chats = await em.find(Ticket, { id: { $in: [...new Set(missing.map((c) => c.ticketId))] }, channel: 'chat' });
  const chatById = new Map(chats.map((t) => [t.id, t]));
  const items = await em.find(ThreadItem, { id: { $in: missing.filter((c) => chatById.has(c.ticketId)).map((c) => c.itemId) } }, { orderBy: { id: 'asc' } });
  const attachments = await attachmentsOf(em, items.map((i) => i.id));
  const loaded = items.map((item) => ({ item: presentThreadItem(item, attachments.get(item.id) ?? []), audience: audienceSnapshot(chatById.get(item.ticket)!) }));
  return [...described, ...loaded];
}
