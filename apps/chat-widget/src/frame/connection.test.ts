import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VisitorClientToServerEvents, VisitorServerToClientEvents } from '@parley/protocol';
import { Server, type Socket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection, type TokenSource } from './connection';

// A real Socket.IO server on the loopback, refusing the handshake the way Parley's /visitor does: an
// Error whose message is the error code.
let server: Server<VisitorClientToServerEvents, VisitorServerToClientEvents>;
let url: string;
const valid = new Set<string>();
const handshakes: unknown[] = [];
const connections: Connection[] = [];

beforeEach(async () => {
  valid.clear();
  handshakes.length = 0;
  const http = createServer();
  server = new Server(http, { transports: ['websocket'] });
  const visitors = server.of('/visitor');
  visitors.use((socket, next) => {
    const token = socket.handshake.auth.token as unknown;
    handshakes.push(token);
    if (token === 'crowded') next(new Error('realtime/too_many_connections'));
    else next(typeof token === 'string' && valid.has(token) ? undefined : new Error('visitor/token_invalid'));
  });
  visitors.on('connection', (socket) => {
    socket.on('chat:history', (_payload, ack) => ack({ ok: true, data: { chat: null, messages: [], state: null } }));
    socket.on('chat:typing', (payload, ack) => {
      socket.emit('chat:agent_typing', { typing: payload.typing, name: 'Echo' });
      ack({ ok: true, data: payload });
    });
    socket.on('chat:end', (_payload, ack) => ack({ ok: false, error: { code: 'chat/not_started', message: 'No chat.' } }));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/visitor`;
});

afterEach(async () => {
  for (const connection of connections.splice(0)) connection.close();
  await server.close();
});

function connect(tokens: TokenSource): { connection: Connection; connected: ReturnType<typeof vi.fn>; lost: ReturnType<typeof vi.fn> } {
  const connected = vi.fn();
  const lost = vi.fn();
  const connection = new Connection(tokens, { connected, lost }, url);
  connections.push(connection);
  return { connection, connected, lost };
}

function serverSockets(): Socket[] {
  return [...server.of('/visitor').sockets.values()] as Socket[];
}

describe('Connection', () => {
  it('connects with the visitor token, and speaks the visitor contract: acks, fire-and-forget commands, facts', async () => {
    valid.add('tok-1');
    const { connection, connected } = connect({ token: 'tok-1', renew: async () => undefined });
    await vi.waitFor(() => expect(connected).toHaveBeenCalledTimes(1));
    expect(connection.connected).toBe(true);
    expect(handshakes).toEqual(['tok-1']);

    expect(await connection.ack('chat:history', {})).toEqual({ ok: true, data: { chat: null, messages: [], state: null } });
    expect(await connection.ack('chat:end', {})).toEqual({ ok: false, error: { code: 'chat/not_started', message: 'No chat.' } });

    const typing = vi.fn();
    connection.on('chat:agent_typing', typing);
    connection.tell('chat:typing', { typing: true });
    await vi.waitFor(() => expect(typing).toHaveBeenCalledWith({ typing: true, name: 'Echo' }));
  });

  it('comes back by itself after the server ended the connection', async () => {
    valid.add('tok-1');
    const { connection, connected, lost } = connect({ token: 'tok-1', renew: async () => undefined });
    await vi.waitFor(() => expect(connected).toHaveBeenCalledTimes(1));
    for (const socket of serverSockets()) socket.disconnect(true);
    await vi.waitFor(() => expect(lost).toHaveBeenCalled());
    expect(connection.connected).toBe(false);
    await vi.waitFor(() => expect(connected).toHaveBeenCalledTimes(2), { timeout: 4_000 });
    expect(connection.connected).toBe(true);
  });

  it('gets a new token when the handshake refuses the old one, and connects with it', async () => {
    valid.add('fresh');
    const tokens = {
      token: 'expired' as string | null,
      renew: vi.fn(async () => {
        tokens.token = 'fresh';
      }),
    };
    const { connection, connected, lost } = connect(tokens);
    await vi.waitFor(() => expect(lost).toHaveBeenCalled());
    await vi.waitFor(() => expect(connected).toHaveBeenCalledTimes(1), { timeout: 5_000 });
    expect(tokens.renew).toHaveBeenCalledTimes(1);
    expect(handshakes).toEqual(['expired', 'fresh']);
    expect(connection.connected).toBe(true);
  });

  it('waits longer, and keeps its token, when refused for having too many connections open', async () => {
    const tokens = { token: 'crowded', renew: vi.fn(async () => undefined) };
    const { lost } = connect(tokens);
    await vi.waitFor(() => expect(lost).toHaveBeenCalled());
    // A token refusal is retried after 2 s; a crowded visitor's tab waits 30 s instead of knocking every 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2_600));
    expect(handshakes).toEqual(['crowded']);
    expect(tokens.renew).not.toHaveBeenCalled();
  });

});
