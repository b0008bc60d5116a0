import type { AppContext } from '../../app-context.js';

/**
 * Routing follows what happens elsewhere: a resolved chat stops ringing and frees its agent; an agent who
 * comes online (or whose departments change) may be rung for chats already waiting, and one who goes away
 * stops ringing.
 */
export function registerChatRoutingListener(app: AppContext): void {
  const router = app.chatRouter;
  app.events.on('chat.resolved', ({ ticketId }) => router.ticketResolved(ticketId));
  app.events.on('agent.availability_changed', () => router.offerAllPending());
  app.events.on('agent.access_changed', () => router.offerAllPending());
}
