import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { presentVisitorMessages } from '../../modules/chats/chat.service.js';
import { Visitor } from '../../modules/chats/visitor.entity.js';
import { ThreadItem, Ticket } from '../../modules/tickets/ticket.entity.js';
import { audienceSnapshot } from '../../modules/tickets/ticket-transaction.js';
import { chatItemVisitorRooms } from '../../realtime/rooms.js';
import type { VisitorNamespace } from '../../realtime/visitor-io.js';

/**
 * Pushes committed chat messages to the visitor whose chat it is. The audience comes from domain visibility
 * (chatItemVisitorRooms): an internal note, a system event or an item of any other ticket has no visitor room.
 */
export function registerVisitorRealtimeListener(app: AppContext, visitors: VisitorNamespace, shared: boolean): void {
  app.events.on('thread.item_created', async ({ ticketId, itemId }) => {
    if (!shared && visitors.sockets.size === 0) return;
    const em = app.orm.em.fork() as Em;
    const ticket = await em.findOne(Ticket, { id: ticketId });
    if (ticket?.channel !== 'chat') return;
    const [item, chatVisitors] = await Promise.all([
      em.findOne(ThreadItem, { id: itemId }),
      em.find(Visitor, { chatTicketId: ticketId }, { fields: ['id'] }),
    ]);
    if (!item) return;
    const targets = chatItemVisitorRooms(audienceSnapshot(ticket), item, chatVisitors.map((v) => v.id));
    if (targets.length === 0) return;
    const [message] = await presentVisitorMessages(em, [item]);
    visitors.to(targets).emit('chat:message', message!);
  });
}
