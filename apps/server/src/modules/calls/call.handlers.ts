import type { AppContext } from '../../app-context.js';
import { defineHandler } from '../../realtime/define-handler.js';
import type { SerialQueue } from '../../realtime/serial-queue.js';
import type { AgentSocket } from '../../realtime/socket-types.js';
import { callTabRoom } from './call-announce.js';
import * as calls from './call.service.js';
import { iceServersFor } from './ice-servers.js';

/** This connection now carries the tab's calls: it hears their signals, and its going away is noticed. */
async function useTab(socket: AgentSocket, tabId: string): Promise<void> {
  await socket.join(callTabRoom(socket.data.agentId, tabId));
  const tabs = socket.data.callTabIds ?? [];
  if (!tabs.includes(tabId)) socket.data.callTabIds = [...tabs, tabId];
}

/**
 * `tabsGone` runs the work of tabs whose connection went away, one at a time per tab, and is drained before
 * the database closes on shutdown.
 */
export function registerCallHandlers(app: AppContext, socket: AgentSocket, tabsGone: SerialQueue<string>): void {
  defineHandler(app, socket, 'call:start', async (payload, scope) => {
    await useTab(socket, payload.tabId);
    return calls.startAgentCall(scope, payload);
  });
  defineHandler(app, socket, 'call:accept', async ({ callId, tabId }, scope) => {
    await useTab(socket, tabId);
    return calls.acceptAgentCall(scope, callId, tabId);
  });
  defineHandler(app, socket, 'call:join', async ({ callId, tabId }, scope) => {
    await useTab(socket, tabId);
    return calls.joinAgentCall(scope, callId, tabId);
  });
  defineHandler(app, socket, 'call:resume', async ({ callId, tabId }, scope) => {
    await useTab(socket, tabId);
    return calls.resumeAgentCall(scope, callId, tabId);
  });
  defineHandler(app, socket, 'call:decline', ({ callId }, scope) => calls.declineAgentCall(scope, callId));
  defineHandler(app, socket, 'call:hangup', ({ callId }, scope) => calls.hangUpAgentCall(scope, callId));
  // A tab's signals reach the other tab in the order it sent them: an ICE candidate relayed ahead of its offer
  // is refused by the receiving browser.
  defineHandler(app, socket, 'call:signal', (payload, scope) => calls.relayCallSignal(scope, payload), { inOrder: true });
  defineHandler(app, socket, 'call:current', (_payload, scope) => calls.currentAgentCalls(scope));
  defineHandler(app, socket, 'call:ice_servers', async (_payload, scope) => iceServersFor(app.config.calls, scope.agent.agentId, app.clock.now()));
  // A tab whose last connection (on any instance) went away: its calls show it disconnected, with a grace to come back.
  socket.on('disconnect', () => {
    const agentId = socket.data.agentId;
    for (const tabId of socket.data.callTabIds ?? []) {
      void tabsGone.run(callTabRoom(agentId, tabId), async () => {
        const left = await app.connections.namespace.in(callTabRoom(agentId, tabId)).fetchSockets();
        if (left.length === 0) await calls.callTabGone(app, agentId, tabId);
      });
    }
  });
}
