import type { RevokedCredentials } from '@parley/domain';
import type { AppContext } from '../../app-context.js';
import { rooms } from '../../realtime/rooms.js';
import type { AgentNamespace } from '../../realtime/socket-types.js';

/**
 * A revoked credential ends the connections it opened, at once and on every instance: each socket sits in
 * the room of the session or API token that opened it, and disconnectSockets reaches the sockets of those
 * rooms on other instances through the adapter (Redis when there are several). It runs synchronously when
 * the revocation is announced, before the request that revoked it answers; a disconnected socket hears
 * nothing more, and its commands are refused without another look at the database.
 */
export function registerCredentialRevocationListener(app: AppContext, agents: AgentNamespace): void {
  app.events.on('agent.credentials_revoked', ({ agentId, revoked }) => {
    const target = agents.in(roomOf(agentId, revoked));
    const kept = revoked.kind === 'all' && revoked.exceptSessionId !== null ? target.except(rooms.session(revoked.exceptSessionId)) : target;
    kept.disconnectSockets(true);
    app.logger.info({ agentId, revoked: revoked.kind }, 'connections of revoked credentials ended');
  });
}

function roomOf(agentId: number, revoked: RevokedCredentials): string {
  switch (revoked.kind) {
    case 'session':
      return rooms.session(revoked.sessionId);
    case 'api_token':
      return rooms.apiToken(revoked.tokenId);
    case 'all':
      return rooms.agent(agentId);
  }
}
