import type { Server as HttpServer } from 'node:http';
import { DomainError, ErrorCodes } from '@parley/domain';
import { agentCommands } from '@parley/protocol';
import { Server } from 'socket.io';
import type { AppContext } from '../app-context.js';
import type { Em } from '../db/orm.js';
import { authenticateApiToken, authenticateSession, SESSION_COOKIE } from '../modules/agents/auth.service.js';
import { SerialQueue } from './serial-queue.js';
import { registerCallHandlers } from '../modules/calls/call.handlers.js';
import { registerChatRoutingHandlers } from '../modules/chats/chat-routing.handlers.js';
import { PresenceAnnouncer } from '../modules/presence/presence-announcer.js';
import { registerTeamChatHandlers } from '../modules/team-chat/team-chat.handlers.js';
import { registerTicketHandlers } from '../modules/tickets/ticket.handlers.js';
import { TicketViewers } from '../modules/tickets/ticket-viewers.js';
import { rooms } from './rooms.js';
import { admitSocket, handshakeRefusal, type RealtimeOptions, type ScopedSocketCap } from './socket-admission.js';
import type { AgentNamespace, ParleyIo, VisitorNamespace } from './socket-types.js';
import { createVisitorNamespace } from './visitor-io.js';

/** The realtime side of the app: the server, its /agent namespace, and what announces presence and viewers. */
export interface Realtime {
  readonly io: ParleyIo;
  readonly agents: AgentNamespace;
  /** Website visitors' chat widgets: their own namespace and contract. */
  readonly visitors: VisitorNamespace;
  readonly viewers: TicketViewers;
  readonly presence: PresenceAnnouncer;
  /** Closes every connection, then waits for announcements in flight (none start for the closing itself). */
  close(): Promise<void>;
}

/**
 * Socket.IO with the /agent namespace. Agents authenticate with their session cookie (same as REST) or an
 * API token in `auth.token`, and join the rooms their visibility allows: their own, their departments',
 * and administrators'.
 */
export function createIo(httpServer: HttpServer, app: AppContext, options: RealtimeOptions): Realtime {
  const io: ParleyIo = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: app.config.limits.jsonBytes,
    cors: { origin: false },
    // Browsers send cookies on WebSocket handshakes from any page: only our own pages may open one.
    allowRequest: (req, callback) => callback(null, isOwnOrigin(req.headers.origin, req.headers.host, app.config.publicUrl)),
  });
  const agents = io.of('/agent') as AgentNamespace;
  app.connections.attach(agents);
  const viewers = new TicketViewers(app, agents);
  const presence = new PresenceAnnouncer(app, agents);
  const callTabsGone = new SerialQueue<string>(app.logger);
  agents.use(async (socket, next) => {
    try {
      const em = app.orm.em.fork() as Em;
      const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null;
      let auth = token ? await authenticateApiToken(app, em, token) : null;
      if (!auth && !token) {
        const cookie = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
        auth = cookie ? await authenticateSession(app, em, cookie) : null;
      }
      if (!auth) {
        next(Object.assign(new Error('auth/required'), { data: { code: 'auth/required', message: 'Sign in first.' } }));
        return;
      }
      if (auth.mustEnrolTwoFactor) {
        const code = ErrorCodes.authTwoFactorRequired;
        next(Object.assign(new Error(code), { data: { code, message: 'An administrator requires two-factor sign-in: turn it on first.' } }));
        return;
      }
      // Each console tab holds one socket; a session (or API token) opening many more is a fault or an abuse.
      const credential: ScopedSocketCap =
        auth.sessionId !== null
          ? { scope: 'session', key: `session:${auth.sessionId}`, limit: app.config.limits.socketsPerAgentSession }
          : { scope: 'api_token', key: `api-token:${auth.tokenId}`, limit: app.config.limits.socketsPerAgentSession };
      await admitSocket(socket, options.caps, [credential], (error) => app.logger.warn({ err: error }, 'socket cap release failed'));
      socket.data.agentId = auth.principal.agentId;
      socket.data.sessionId = auth.sessionId;
      socket.data.tokenId = auth.tokenId;
      socket.data.typingTicketIds = [];
      await socket.join([
        rooms.agent(auth.principal.agentId),
        ...(auth.sessionId !== null ? [rooms.session(auth.sessionId)] : []),
        ...(auth.tokenId !== null ? [rooms.apiToken(auth.tokenId)] : []),
        ...auth.principal.departmentIds.map(rooms.department),
        ...(auth.principal.role === 'administrator' ? [rooms.administrators] : []),
      ]);
      next();
    } catch (error) {
      if (error instanceof DomainError) {
        next(handshakeRefusal(error));
        return;
      }
      app.logger.error({ err: error }, 'socket authentication failed');
      next(new Error('server/internal'));
    }
  });
  agents.on('connection', (socket) => {
    registerTicketHandlers(app, socket, viewers);
    registerTeamChatHandlers(app, socket);
    registerChatRoutingHandlers(app, socket);
    registerCallHandlers(app, socket, callTabsGone);
    // A console that connects may be rung for chats already waiting.
    app.chatRouter.inBackground('agent connected', () => app.chatRouter.offerAllPending());
    void presence.connected(socket).catch((error: unknown) => app.logger.error({ err: error }, 'presence announcement failed'));
    socket.on('disconnect', () => presence.disconnected(socket));
    socket.onAny((event: string, ...args: unknown[]) => {
      if (Object.hasOwn(agentCommands, event)) return;
      app.logger.info({ event, agentId: socket.data.agentId }, 'unknown socket event refused');
      const ack = args.at(-1);
      if (typeof ack === 'function') ack({ ok: false, error: { code: ErrorCodes.requestUnknownEvent, message: `Unknown event "${event}".` } });
    });
  });
  const visitors = createVisitorNamespace(io as never, app, agents, options);
  app.chatRouter.attach(app, agents, visitors);
  // The default namespace serves nobody: refuse it so stray clients learn at once.
  io.of('/').use((_socket, next) => next(new Error('Use the /agent namespace.')));
  return {
    io,
    agents,
    visitors,
    viewers,
    presence,
    close: async () => {
      presence.stop();
      await app.chatRouter.close();
      await viewers.close();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
      await presence.drain();
      await callTabsGone.close();
    },
  };
}

/** Non-browser clients send no Origin; a browser's must be this server's (as configured, or as addressed). */
export function isOwnOrigin(origin: string | undefined, host: string | undefined, publicUrl: string): boolean {
  if (!origin) return true;
  try {
    const url = new URL(origin);
    return url.origin === new URL(publicUrl).origin || (host !== undefined && url.host === host);
  } catch {
    return false;
  }
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
