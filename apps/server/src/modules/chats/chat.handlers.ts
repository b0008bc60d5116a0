import type { AppContext } from '../../app-context.js';
import { defineVisitorHandler } from '../../realtime/define-visitor-handler.js';
import type { AgentNamespace, VisitorSocket } from '../../realtime/socket-types.js';
import { rooms, visitorRooms } from '../../realtime/rooms.js';
import { endVisitorChat } from './chat-end.service.js';
import { recordVisitorReceipt } from './chat-receipts.service.js';
import { VisitorTypingLapse } from './chat-typing.js';
import { chatHistory, chatTicketIdForTyping, sendChatMessage, startChat } from './chat.service.js';
import { recordVisitorContext } from './visitor-context.service.js';

/** The visitor's commands: each addresses the socket's own visitor's chat, never a ticket by id. */
export function registerChatHandlers(app: AppContext, socket: VisitorSocket, agents: AgentNamespace): void {
  defineVisitorHandler(app, socket, 'chat:start', (payload, scope) => startChat(scope, payload));
  defineVisitorHandler(app, socket, 'chat:message', (payload, scope) => sendChatMessage(scope, payload));
  defineVisitorHandler(app, socket, 'visitor:context', (payload, scope) => recordVisitorContext(scope, payload, socket.handshake.headers['user-agent']));
  defineVisitorHandler(app, socket, 'chat:history', (payload, scope) => chatHistory(scope, payload));
  // Typing is ephemeral: it goes to the ticket's room, which holds only agents who passed the visibility
  // check on ticket:watch (and who are made to leave it when the ticket moves out of their reach). It lapses
  // on the server too, so agents see it stop when the widget goes away without saying so.
  const typing = new VisitorTypingLapse(agents, app.config.realtime.typingLapseMs);
  defineVisitorHandler(app, socket, 'chat:typing', async ({ typing: on }, scope) => {
    const ticketId = await chatTicketIdForTyping(scope);
    typing.set(ticketId, on);
    return { typing: on };
  });
  socket.on('disconnect', () => typing.stop());
  // Receipts go to the same room: only agents who have the chat open.
  for (const kind of ['received', 'seen'] as const) {
    defineVisitorHandler(app, socket, `chat:${kind}`, async ({ upToItemId }, scope) => {
      const { receipts, ticketId, changed } = await recordVisitorReceipt(scope, kind === 'received' ? 'delivered' : 'seen', upToItemId);
      if (changed) {
        agents.to(rooms.ticket(ticketId)).emit('chat:visitor_seen', { ticketId, upToItemId: receipts.seenUpToItemId, deliveredUpToItemId: receipts.deliveredUpToItemId });
      }
      return receipts;
    });
  }
  defineVisitorHandler(app, socket, 'chat:end', async (payload, scope) => {
    typing.stop();
    const ended = await endVisitorChat(scope, payload);
    // The visitor's other tabs learn the chat is over (this one has the ack).
    socket.to(visitorRooms.visitor(scope.visitorId)).emit('chat:ended', { number: ended.number });
    return ended;
  });
}
