import type { IncomingMessage } from 'node:http';
import { DomainError, ErrorCodes } from '@parley/domain';
import type { ConnectionCaps, SocketCap } from './connection-caps.js';

/** What the realtime side needs to admit sockets. */
export interface RealtimeOptions {
  /** Caps on open sockets (per visitor, per address, per agent session). */
  readonly caps: ConnectionCaps;
  /** The client's address behind trusted proxies, as Express's req.ip sees it. */
  clientIp(req: IncomingMessage): string;
}

/** What a cap counts, as the refusal names it (`details.limit`). */
export type SocketCapScope = 'visitor' | 'address' | 'session' | 'api_token';

export interface ScopedSocketCap extends SocketCap {
  readonly scope: SocketCapScope;
}

/** The little of a Socket.IO socket admission needs (both namespaces' sockets fit). */
interface AdmittedSocket {
  readonly id: string;
  readonly conn: { readonly readyState: string; once(event: 'close', listener: () => void): unknown };
  once(event: 'disconnect', listener: () => void): unknown;
}

/**
 * Takes the socket's places under its caps (the last step of a handshake, so nothing after it can refuse
 * the socket and leave a place taken) and gives them back when it goes. A full cap refuses the handshake
 * with realtime/too_many_connections, which the client sees as its connect_error.
 */
export async function admitSocket(socket: AdmittedSocket, caps: ConnectionCaps, wanted: readonly ScopedSocketCap[], onReleaseError: (error: unknown) => void): Promise<void> {
  const full = (await caps.acquire(socket.id, wanted)) as ScopedSocketCap | null;
  if (full) {
    throw new DomainError(ErrorCodes.realtimeTooManyConnections, `Too many open connections for this ${full.scope.replace('_', ' ')} (at most ${full.limit}).`, {
      limit: full.scope,
      max: full.limit,
    });
  }
  const release = () => void caps.release(socket.id).catch(onReleaseError);
  socket.once('disconnect', release);
  // A client gone while the handshake ran never connects (so never disconnects): its transport's close frees it.
  socket.conn.once('close', release);
  if (socket.conn.readyState !== 'open') release();
}

/** The refusal a namespace middleware hands to next(): the client's connect_error carries code and message. */
export function handshakeRefusal(error: DomainError): Error {
  return Object.assign(new Error(error.code), { data: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
}
