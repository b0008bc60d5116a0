import { clientAddressKey, DomainError, ErrorCodes } from '@parley/domain';
import { visitorCommands } from '@parley/protocol';
import type { Server } from 'socket.io';
import type { AppContext } from '../app-context.js';
import { registerChatHandlers } from '../modules/chats/chat.handlers.js';
import { visitorRooms } from './rooms.js';
import { admitSocket, handshakeRefusal, type RealtimeOptions } from './socket-admission.js';
import type { AgentNamespace, VisitorNamespace } from './socket-types.js';

/**
 * The /visitor namespace: website visitors' chat widgets, authenticated by the signed visitor token in
 * `auth.token`. Each socket joins its visitor's room and nothing else; it speaks only the visitor contract.
 */
export function createVisitorNamespace(io: Server, app: AppContext, agents: AgentNamespace, options: RealtimeOptions): VisitorNamespace {
  const visitors = io.of('/visitor') as unknown as VisitorNamespace;
  const { limits } = app.config;
  visitors.use(async (socket, next) => {
    try {
      const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : '';
      const claims = app.visitorTokens.verify(token, app.clock.now());
      // A widget holds one socket per open tab: a token or an address opening hundreds is a flood.
      await admitSocket(
        socket,
        options.caps,
        [
          { scope: 'visitor', key: `visitor:${claims.visitorId}`, limit: limits.socketsPerVisitor },
          { scope: 'address', key: `address:${clientAddressKey(options.clientIp(socket.request))}`, limit: limits.visitorSocketsPerAddress },
        ],
        (error) => app.logger.warn({ err: error }, 'socket cap release failed'),
      );
      socket.data.visitorId = claims.visitorId;
      void socket.join(visitorRooms.visitor(claims.visitorId));
      next();
    } catch (error) {
      if (error instanceof DomainError) {
        next(handshakeRefusal(error));
        return;
      }
      app.logger.error({ err: error }, 'visitor socket authentication failed');
      next(Object.assign(new Error(ErrorCodes.internal), { data: { code: ErrorCodes.internal, message: 'Something went wrong on our side.' } }));
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
