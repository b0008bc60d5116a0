import { io, type Socket } from 'socket.io-client';
import type { AgentClientToServerEvents, AgentServerToClientEvents } from '@parley/protocol';
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
export function recordEvents(socket: AgentClientSocket): { events: { name: string; payload: any }[]; waitFor(name: string, match?: (payload: any) => boolean, timeoutMs?: number): Promise<any> } {
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

export function emitWithAck<T = any>(socket: AgentClientSocket, event: string, payload: unknown): Promise<T> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<T> }).emitWithAck(event, payload);
}
