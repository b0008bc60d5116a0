import { io, type Socket } from 'socket.io-client';
import type { AgentClientToServerEvents, AgentServerToClientEvents, VisitorClientToServerEvents, VisitorServerToClientEvents } from '@parley/protocol';
import type { HttpClient } from './http-client.js';

export type AgentClientSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

/** A real socket.io-client connection to /agent, authenticated like the console (session cookie) or an integration (API token). */
export async function connectAgent(baseUrl: string, auth: { http?: HttpClient; token?: string }): Promise<AgentClientSocket> {
  const socket: AgentClientSocket = io(`${baseUrl}/agent`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(auth.http?.cookie ? { extraHeaders: { cookie: auth.http.cookie } } : {}),
    ...(auth.token ? { auth: { token: auth.token } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

/** Records every event a socket receives, so a test can assert on all of them (not only the one it waited for). */
export function recordEvents(socket: AgentClientSocket | VisitorClientSocket): { events: { name: string; payload: any }[]; waitFor(name: string, match?: (payload: any) => boolean, timeoutMs?: number): Promise<any> } {
  const events: { name: string; payload: any }[] = [];
  const waiters: { name: string; match: (p: any) => boolean; resolve: (p: any) => void }[] = [];
  socket.onAny((name: string, payload: unknown) => {
    events.push({ name, payload });
    for (const w of [...waiters]) {
      if (w.name === name && w.match(payload)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(payload);
      }
    }
  });
  return {
    events,
    waitFor(name, match = () => true, timeoutMs = 5000) {
      const seen = events.find((e) => e.name === name && match(e.payload));
      if (seen) return Promise.resolve(seen.payload);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${name}`)), timeoutMs);
        waiters.push({ name, match, resolve: (p) => { clearTimeout(timer); resolve(p); } });
      });
    },
  };
}

export function emitWithAck<T = any>(socket: AgentClientSocket | VisitorClientSocket, event: string, payload: unknown): Promise<T> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<T> }).emitWithAck(event, payload);
}

export type VisitorClientSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

/** A visitor's identity, as the chat widget gets it: `POST /api/v1/widget/visitors` (with a token, the same visitor again). */
export async function issueVisitor(baseUrl: string, token?: string): Promise<{ visitorId: string; token: string; expiresAt: string }> {
  const res = await fetch(`${baseUrl}/api/v1/widget/visitors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(token ? { token } : {}),
  });
  const body = (await res.json()) as any;
  if (res.status !== 200) throw Object.assign(new Error(`issue visitor: ${res.status} ${JSON.stringify(body)}`), { status: res.status, body });
  return body;
}

/** A real socket.io-client connection to /visitor with the visitor token in `auth.token`, as the widget connects. */
export async function connectVisitor(baseUrl: string, token: string, options: { reconnection?: boolean; headers?: Record<string, string> } = {}): Promise<VisitorClientSocket> {
  const socket: VisitorClientSocket = io(`${baseUrl}/visitor`, {
    transports: ['websocket'],
    forceNew: true,
    ...(options.headers ? { extraHeaders: options.headers } : {}),
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    auth: { token },
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      socket.off('connect', onConnect);
      socket.close();
      reject(error);
    };
    // Only the first connection counts: a failed reconnection attempt later must not close the socket.
    const onConnect = () => {
      socket.off('connect_error', onError);
      resolve();
    };
    socket.once('connect', onConnect);
    socket.once('connect_error', onError);
  });
  return socket;
}

/** Sends a visitor message and resolves with its ack, or null when no ack came (the server died meanwhile). */
export function sendVisitorMessage(socket: VisitorClientSocket, clientId: string, body: string): Promise<any | null> {
  return new Promise((resolve) => {
    (socket.timeout(3000) as any).emit('chat:message', { clientId, body }, (error: unknown, ack: any) => resolve(error ? null : ack));
  });
}
