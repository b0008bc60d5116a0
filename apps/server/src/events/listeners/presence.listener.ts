import type { AppContext } from '../../app-context.js';
import type { PresenceAnnouncer } from '../../modules/presence/presence-announcer.js';

/** An agent's availability changed: everyone connected hears their presence. */
export function registerPresenceListener(app: AppContext, presence: PresenceAnnouncer): void {
  app.events.on('agent.availability_changed', async ({ agentId }) => {
    await presence.announce(agentId);
  });
}
