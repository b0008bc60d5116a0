import type { Ack, AgentClientToServerEvents, AgentCommandName, AgentCommandPayload, AgentCommandResult, AgentServerToClientEvents, ErrorBody } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { ApiError } from '../api/http';

export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

/** How long a command waits for the server's acknowledgement before it counts as unreachable. */
const ACK_TIMEOUT_MS = 10_000;

const closedByConsole = new WeakSet<AgentSocket>();

/** Closes the connection for good (signing out): no knocking again after this. */
export function closeAgentSocket(socket: AgentSocket): void {
  closedByConsole.add(socket);
  socket.close();
}

/** How long to wait before knocking again after the server turned the connection away. */
const RETRY_AFTER_REFUSAL_MS = 3_000;

/**
 * The console's live connection (/agent namespace). The browser sends the session cookie with the
 * handshake; the client reconnects by itself (also after a server restart), and `onReconnect` lets stores
 * re-fetch what they show, since events sent while disconnected are not replayed. Socket.IO gives up when the
 * server itself closed or refused the connection: then this knocks again, unless the session is over.
 */
export function connectAgentSocket(handlers: { onReconnect(): void; onSessionEnded(): void }): AgentSocket {
  const socket: AgentSocket = io('/agent', { withCredentials: true, transports: ['websocket', 'polling'] });
  let connectedBefore = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const knockAgain = () => {
    if (retry) return;
    retry = setTimeout(() => {
      retry = null;
      if (!socket.connected && !closedByConsole.has(socket)) socket.connect();
    }, RETRY_AFTER_REFUSAL_MS);
  };
  socket.on('connect', () => {
    if (connectedBefore) handlers.onReconnect();
    connectedBefore = true;
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') knockAgain();
  });
  socket.on('connect_error', (error) => {
    // The server turns a handshake away with the error body of a refusal as the error's data.
    if ((error as Error & { data?: Partial<ErrorBody> }).data?.code === 'auth/required') handlers.onSessionEnded();
    else if (!socket.active) knockAgain();
  });
  return socket;
}

/** A command with its acknowledgement as a promise: the data, or an ApiError with the server's code. */
export async function sendCommand<K extends AgentCommandName>(
  socket: AgentSocket,
  event: K,
  payload: AgentCommandPayload<K>,
): Promise<AgentCommandResult<K>> {
  let ack: Ack<AgentCommandResult<K>>;
  try {
    // The typed emit cannot see through the generic event name; the maps guarantee payload and ack match.
    ack = await (socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(e: string, p: unknown): Promise<typeof ack> }).emitWithAck(event, payload);
  } catch {
    throw new ApiError(0, 'network/unreachable', 'The server did not answer.');
  }
  if (!ack.ok) throw new ApiError(400, ack.error.code, ack.error.message);
  return ack.data;
}
