import { createHmac } from 'node:crypto';
import type { IceServersDto } from '@parley/protocol';
import type { Config } from '../../config/env.js';

/**
 * The ICE servers an agent's browser may use for a call. TURN credentials follow the TURN REST convention
 * (coturn's `use-auth-secret`): the user name is the expiry time and the agent, the password an HMAC-SHA1 of
 * it under the shared secret, so the TURN server checks them without asking Parley and they lapse by themselves.
 */
export function iceServersFor(calls: Config['calls'], agentId: number, now: Date): IceServersDto {
  const iceServers: IceServersDto['iceServers'] = [];
  if (calls.stunUrls.length > 0) iceServers.push({ urls: [...calls.stunUrls] });
  if (calls.turnUrls.length === 0 || calls.turnSecret === null) return { iceServers, expiresAt: null };
  const expires = Math.floor(now.getTime() / 1000) + calls.turnTtlSeconds;
  const username = `${expires}:agent-${agentId}`;
  const credential = createHmac('sha1', calls.turnSecret).update(username).digest('base64');
  iceServers.push({ urls: [...calls.turnUrls], username, credential });
  return { iceServers, expiresAt: new Date(expires * 1000).toISOString() };
}
