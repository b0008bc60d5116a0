import type { AppContext } from '../../app-context.js';
import { defineVisitorHandler } from '../../realtime/define-visitor-handler.js';
import type { VisitorSocket } from '../../realtime/visitor-io.js';
import { chatHistory, sendChatMessage, startChat } from './chat.service.js';

/** The visitor's commands: each addresses the socket's own visitor's chat, never a ticket by id. */
export function registerChatHandlers(app: AppContext, socket: VisitorSocket): void {
  defineVisitorHandler(app, socket, 'chat:start', (payload, scope) => startChat(scope, payload));
  defineVisitorHandler(app, socket, 'chat:message', (payload, scope) => sendChatMessage(scope, payload));
  defineVisitorHandler(app, socket, 'chat:history', (payload, scope) => chatHistory(scope, payload));
}
