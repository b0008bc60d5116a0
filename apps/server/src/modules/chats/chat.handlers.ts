import type { AppContext } from '../../app-context.js';
import { defineVisitorHandler } from '../../realtime/define-visitor-handler.js';
import type { AgentNamespace } from '../../realtime/io.js';
import { rooms } from '../../realtime/rooms.js';
import type { VisitorSocket } from '../../realtime/visitor-io.js';
import { chatHistory, chatTicketIdForTyping, sendChatMessage, startChat } from './chat.service.js';
import { recordVisitorContext } from './visitor-context.service.js';

/** The visitor's commands: each addresses the socket's own visitor's chat, never a ticket by id. */
export function registerChatHandlers(app: AppContext, socket: VisitorSocket, agents: AgentNamespace): void {
  defineVisitorHandler(app, socket, 'chat:start', (payload, scope) => startChat(scope, payload));
  defineVisitorHandler(app, socket, 'chat:message', (payload, scope) => sendChatMessage(scope, payload));
  defineVisitorHandler(app, socket, 'visitor:context', (payload, scope) => recordVisitorContext(scope, payload, socket.handshake.headers['user-agent']));
  defineVisitorHandler(app, socket, 'chat:history', (payload, scope) => chatHistory(scope, payload));
  // Typing is ephemeral: it goes to the ticket's room, which holds only agents who passed the visibility
  // check on ticket:watch (and who are made to leave it when the ticket moves out of their reach).
  defineVisitorHandler(app, socket, 'chat:typing', async ({ typing }, scope) => {
    const ticketId = await chatTicketIdForTyping(scope);
    agents.to(rooms.ticket(ticketId)).emit('chat:visitor_typing', { ticketId, typing });
    return { typing };
  });
}
