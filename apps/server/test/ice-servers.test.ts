import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/env.js';
import { iceServersFor } from '../src/modules/calls/ice-servers.js';

describe('ICE servers for calls', () => {
  const now = new Date('2027-05-10T09:00:00Z');

  it('are none by default: browsers on one network reach each other with host candidates', () => {
    expect(iceServersFor(loadConfig({}).calls, 7, now)).toEqual({ iceServers: [], expiresAt: null });
  });

  it('give TURN credentials a coturn with use-auth-secret accepts: expiry:user, HMAC-SHA1 of it under the secret', () => {
    const config = loadConfig({ STUN_URLS: 'stun:stun.example.org:3478', TURN_URLS: 'turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349', TURN_SECRET: 'a shared secret of the TURN server', TURN_TTL_SECONDS: '3600' });
    const servers = iceServersFor(config.calls, 7, now);
    const expiry = Date.parse('2027-05-10T10:00:00Z') / 1000;
    expect(servers).toEqual({
      iceServers: [
        { urls: ['stun:stun.example.org:3478'] },
        { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'], username: `${expiry}:agent-7`, credential: createHmac('sha1', 'a shared secret of the TURN server').update(`${expiry}:agent-7`).digest('base64') },
      ],
      expiresAt: '2027-05-10T10:00:00.000Z',
    });
  });

  it('refuse URLs of another kind, and TURN without its secret', () => {
    expect(() => loadConfig({ STUN_URLS: 'https://stun.example.org' })).toThrow(/STUN_URLS/);
    expect(() => loadConfig({ TURN_URLS: 'stun:turn.example.org' })).toThrow(/TURN_URLS/);
    expect(() => loadConfig({ TURN_URLS: 'turn:turn.example.org:3478' })).toThrow(/TURN_SECRET/);
  });
});
