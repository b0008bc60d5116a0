import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { ChatSession } from '../../modules/chats/chat-session.entity.js';
import { Ticket } from '../../modules/tickets/ticket.entity.js';

/**
 * Routing follows what happens elsewhere: a resolved chat stops ringing and frees its agent; an agent who
 * comes online (or whose departments change) may be rung for chats already waiting, and one who goes away
 * stops ringing.
 */
export function registerChatRoutingListener(app: AppContext): void {
  const router = app.chatRouter;
  app.events.on('ticket.updated', async ({ ticketId }) => {
    const em = app.orm.em.fork() as Em;
    const session = await em.findOne(ChatSession, { ticket: ticketId, phase: { $ne: 'ended' } }, { fields: ['ticket'] });
    if (!session) return;
    const ticket = await em.findOne(Ticket, { id: ticketId }, { fields: ['id', 'status'] });
    if (ticket?.status === 'resolved') await router.ticketResolved(ticketId);
  });
  app.events.on('agent.availability_changed', () => router.offerAllPending());
  app.events.on('agent.access_changed', () => router.offerAllPending());
}
