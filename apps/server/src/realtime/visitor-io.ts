import { DomainError, ErrorCodes } from '@parley/domain';
import { visitorCommands } from '@parley/protocol';
import type { Server } from 'socket.io';
import type { AppContext } from '../app-context.js';
import { registerChatHandlers } from '../modules/chats/chat.handlers.js';
import { visitorRooms } from './rooms.js';
import type { AgentNamespace, VisitorNamespace } from './socket-types.js';

/**
 * The /visitor namespace: website visitors' chat widgets, authenticated by the signed visitor token in
 * `auth.token`. Each socket joins its visitor's room and nothing else; it speaks only the visitor contract.
 */
export function createVisitorNamespace(io: Server, app: AppContext, agents: AgentNamespace): VisitorNamespace {
  const visitors = io.of('/visitor') as unknown as VisitorNamespace;
  visitors.use((socket, next) => {
    try {
      const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : '';
      const claims = app.visitorTokens.verify(token, app.clock.now());
      socket.data.visitorId = claims.visitorId;
      void socket.join(visitorRooms.visitor(claims.visitorId));
      next();
    } catch (error) {
      const known = error instanceof DomainError;
      if (!known) app.logger.error({ err: error }, 'visitor socket authentication failed');
      const code = known ? error.code : ErrorCodes.internal;
      next(Object.assign(new Error(code), { data: { code, message: known ? error.message : 'Something went wrong on our side.' } }));
    }
  });
  visitors.on('connection', (socket) => {
    registerChatHandlers(app, socket, agents);
    socket.onAny((event: string, ...args: unknown[]) => {
      if (Object.hasOwn(visitorCommands, event)) return;
      app.logger.info({ event, visitorId: socket.data.visitorId }, 'unknown visitor event refused');
      const ack = args.at(-1);
      if (typeof ack === 'function') ack({ ok: false, error: { code: ErrorCodes.requestUnknownEvent, message: `Unknown event "${event}".` } });
    });
  });
  return visitors;
}
