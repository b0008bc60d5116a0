import type { AgentClientToServerEvents, AgentServerToClientEvents } from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';

export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

/**
 * The console's live connection (/agent namespace). The browser sends the session cookie with the
 * handshake; the client reconnects by itself, and `onReconnect` lets stores re-fetch what they show, since
 * events sent while disconnected are not replayed.
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
