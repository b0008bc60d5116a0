import type { AppContext } from '../../app-context.js';
import type { PresenceAnnouncer } from '../../modules/presence/presence-announcer.js';

/** An agent's availability changed, or they went into a call or out of one: everyone connected hears their presence. */
export function registerPresenceListener(app: AppContext, presence: PresenceAnnouncer): void {
  app.events.on('agent.availability_changed', async ({ agentId }) => {
    await presence.announce(agentId);
  });
  app.events.on('call.presence_changed', async ({ agentIds }) => {
    await Promise.all(agentIds.map((agentId) => presence.announce(agentId)));
  });
}
