import { describe, expect, it } from 'vitest';
import { formatKnownDevice, isKnownDeviceOf, knownDevicePayload } from './known-device.js';

describe('known devices', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const sign = (payload: string) => `sig_${payload.replace(/\./g, '_')}`.padEnd(24, 'x');
  const matches = (payload: string, signature: string) => sign(payload) === signature;
  const cookie = (agentId: number, expiresAt: number) => formatKnownDevice({ agentId, expiresAt }, sign(knownDevicePayload({ agentId, expiresAt })));

  it('recognises the server\'s own cookie for the same account until it expires', () => {
    const good = cookie(42, now.getTime() + 1000);
    expect(isKnownDeviceOf(good, 42, now, matches)).toBe(true);
    expect(isKnownDeviceOf(good, 42, new Date(now.getTime() + 1000), matches)).toBe(false);
  });

  it('is bound to its account: another agent\'s cookie does not count', () => {
    expect(isKnownDeviceOf(cookie(42, now.getTime() + 1000), 43, now, matches)).toBe(false);
  });

  it('refuses forged, altered and malformed cookies', () => {
    const good = cookie(42, now.getTime() + 1000);
    const [v, id, exp] = good.split('.');
    expect(isKnownDeviceOf(`${v}.${id}.${exp}.${'A'.repeat(24)}`, 42, now, matches)).toBe(false);
    expect(isKnownDeviceOf(good.replace(`.${id}.`, '.0016.'), 42, now, matches)).toBe(false);
    for (const bad of [null, '', 'x', `${good}.extra`, `pkd2${good.slice(4)}`, 'a'.repeat(300)]) expect(isKnownDeviceOf(bad, 42, now, matches)).toBe(false);
  });
});
