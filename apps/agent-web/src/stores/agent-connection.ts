import type { AgentCommandName, AgentCommandPayload, AgentCommandResult } from '@parley/protocol';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { ApiError, http } from '../api/http';
import { type AgentSocket, closeAgentSocket, connectAgentSocket, sendCommand } from '../realtime/agent-socket';

/**
 * The console's one live connection and the commands sent over it. Apart from the live store, which hands
 * the server's facts to the other stores: stores that send commands (chat routing) use this one, so no
 * store imports the live store back.
 */
export const useAgentConnectionStore = defineStore('agentConnection', () => {
  const connected = ref(false);
  const socket = shallowRef<AgentSocket | null>(null);

  /** Connects, unless connected already (then null); `onReconnect` lets stores fetch what they missed. */
  function open(onReconnect: () => void): AgentSocket | null {
    if (socket.value) return null;
    const live = connectAgentSocket({ onReconnect, onSessionEnded: () => http.onSessionEnded?.() });
    live.on('connect', () => {
      connected.value = true;
    });
    live.on('disconnect', () => {
      connected.value = false;
    });
    socket.value = live;
    return live;
  }

  /** A command over the live connection, answered after the server committed it. */
  async function command<K extends AgentCommandName>(event: K, payload: AgentCommandPayload<K>): Promise<AgentCommandResult<K>> {
    if (!socket.value?.connected) throw new ApiError(0, 'network/unreachable', 'Not connected.');
    return sendCommand(socket.value, event, payload);
  }

  function close(): void {
    if (socket.value) closeAgentSocket(socket.value);
    socket.value = null;
    connected.value = false;
  }

  return { connected, socket, open, command, close };
});
