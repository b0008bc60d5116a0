import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { presentVisitorMessages } from '../../modules/chats/chat.service.js';
import { Visitor } from '../../modules/chats/visitor.entity.js';
import { ThreadItem, Ticket } from '../../modules/tickets/ticket.entity.js';
import { audienceSnapshot } from '../../modules/tickets/ticket-transaction.js';
import { chatItemVisitorRooms } from '../../realtime/rooms.js';
import type { VisitorNamespace } from '../../realtime/socket-types.js';

/**
 * Pushes committed chat messages to the visitor whose chat it is. The audience comes from domain visibility
 * (chatItemVisitorRooms): an internal note, a system event or an item of any other ticket has no visitor room.
 */
export function registerVisitorRealtimeListener(app: AppContext, visitors: VisitorNamespace, shared: boolean): void {
  app.events.onBatch('thread.item_created', async (created) => {
    if (!shared && visitors.sockets.size === 0) return;
    const em = app.orm.em.fork() as Em;
    const chats = await em.find(Ticket, { id: { $in: [...new Set(created.map((c) => c.ticketId))] }, channel: 'chat' });
    if (chats.length === 0) return;
    const chatById = new Map(chats.map((t) => [t.id, t]));
    const [items, chatVisitors] = await Promise.all([
      em.find(ThreadItem, { id: { $in: created.filter((c) => chatById.has(c.ticketId)).map((c) => c.itemId) } }, { orderBy: { id: 'asc' } }),
      em.find(Visitor, { chatTicketId: { $in: [...chatById.keys()] } }, { fields: ['id', 'chatTicketId'] }),
    ]);
    const visitorsOf = new Map<number, string[]>();
    for (const v of chatVisitors) visitorsOf.set(v.chatTicketId!, [...(visitorsOf.get(v.chatTicketId!) ?? []), v.id]);
    const outgoing = items
      .map((item) => ({ item, targets: chatItemVisitorRooms(audienceSnapshot(chatById.get(item.ticket)!), item, visitorsOf.get(item.ticket) ?? []) }))
      .filter((o) => o.targets.length > 0);
    if (outgoing.length === 0) return;
    const messages = await presentVisitorMessages(em, outgoing.map((o) => o.item));
    outgoing.forEach(({ targets }, i) => {
      visitors.to(targets).emit('chat:message', messages[i]!);
    });
  });
}
