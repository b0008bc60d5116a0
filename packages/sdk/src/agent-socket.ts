import type { Ack, AgentClientToServerEvents, AgentCommandName, AgentCommandPayload, AgentCommandResult, AgentServerToClientEvents } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import { ParleyApiError } from './api-client.js';

/** The agent socket, typed by the protocol: facts the server pushes (`ticket:updated`, `thread:item_created`, …) and commands. */
export type ParleyAgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

export interface AgentSocketOptions {
  readonly baseUrl: string;
  /** An API token; revoking it closes the connection. */
  readonly token: string;
}

/**
 * Connects to the `/agent` namespace as the token's agent. The server pushes what that agent may see: new
 * and changed tickets, thread items, assignments. Socket.IO reconnects by itself; events sent while
 * disconnected are not replayed, so re-read what you show after a `connect` that follows a disconnect.
 */
export function connectAgentSocket(options: AgentSocketOptions): ParleyAgentSocket {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/agent`;
  return io(url, { auth: { token: options.token }, transports: ['websocket'] });
}

/** How long a command waits for its acknowledgement. */
const ACK_TIMEOUT_MS = 10_000;

/**
 * Sends a command and resolves with the server's answer, given only after the work is committed; rejects
 * with a ParleyApiError carrying the server's code when refused, or `client/timeout` when no answer came.
 */
export async function sendAgentCommand<K extends AgentCommandName>(socket: ParleyAgentSocket, command: K, payload: AgentCommandPayload<K>): Promise<AgentCommandResult<K>> {
  let ack: Ack<AgentCommandResult<K>>;
  try {
    // The typed emit cannot see through the generic command name; the protocol's maps guarantee payload and ack match.
    ack = await (socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(event: string, payload: unknown): Promise<typeof ack> }).emitWithAck(command, payload);
  } catch {
    throw new ParleyApiError(0, 'client/timeout', `No answer to ${command} within ${ACK_TIMEOUT_MS} ms.`);
  }
  if (!ack.ok) throw new ParleyApiError(0, ack.error.code, ack.error.message, ack.error.details);
  return ack.data;
}
