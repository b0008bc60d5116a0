import type { AgentClientToServerEvents, AgentCommandName, AgentCommandPayload, AgentCommandResult, AgentServerToClientEvents } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { ApiError } from '../api/http';

export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

/** How long a command waits for the server's acknowledgement before it counts as unreachable. */
const ACK_TIMEOUT_MS = 10_000;

/**
 * The console's live connection (/agent namespace). The browser sends the session cookie with the
 * handshake; the client reconnects by itself (also after a server restart), and `onReconnect` lets stores
 * re-fetch what they show, since events sent while disconnected are not replayed.
 */
export function connectAgentSocket(onReconnect: () => void): AgentSocket {
  const socket: AgentSocket = io('/agent', { withCredentials: true, transports: ['websocket', 'polling'] });
  let connectedBefore = false;
  socket.on('connect', () => {
    if (connectedBefore) onReconnect();
    connectedBefore = true;
  });
  return socket;
}

/** A command with its acknowledgement as a promise: the data, or an ApiError with the server's code. */
export async function sendCommand<K extends AgentCommandName>(
  socket: AgentSocket,
  event: K,
  payload: AgentCommandPayload<K>,
): Promise<AgentCommandResult<K>> {
  let ack: { ok: true; data: AgentCommandResult<K> } | { ok: false; error: { code: string; message: string } };
  try {
    // The typed emit cannot see through the generic event name; the maps guarantee payload and ack match.
    ack = await (socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(e: string, p: unknown): Promise<typeof ack> }).emitWithAck(event, payload);
  } catch {
    throw new ApiError(0, 'network/unreachable', 'The server did not answer.');
  }
  if (!ack.ok) throw new ApiError(400, ack.error.code, ack.error.message);
  return ack.data;
}
