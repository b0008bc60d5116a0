import { createHmac } from 'node:crypto';
import { formatKnownDevice, isKnownDeviceOf, KNOWN_DEVICE_TTL_DAYS, knownDevicePayload } from '@parley/domain';
import { sameSecret } from './secrets.js';

export const KNOWN_DEVICE_COOKIE = 'parley_device';
export const KNOWN_DEVICE_TTL_MS = KNOWN_DEVICE_TTL_DAYS * 86_400_000;

/**
 * Signs and checks the known-device cookie (the domain's shape and rules, HMAC-SHA256). Its key is derived
 * from the server's signing secret for its own purpose, so a device cookie can never pass for a visitor token.
 */
export class KnownDevices {
  readonly #key: Buffer;

  constructor(serverSecret: string) {
    this.#key = createHmac('sha256', serverSecret).update('parley known-device cookie v1').digest();
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest('base64url');
  }

  issue(agentId: number, now: Date): string {
    const claims = { agentId, expiresAt: now.getTime() + KNOWN_DEVICE_TTL_MS };
    return formatKnownDevice(claims, this.#sign(knownDevicePayload(claims)));
  }

  isKnown(cookie: string | null | undefined, agentId: number, now: Date): boolean {
    return isKnownDeviceOf(cookie, agentId, now, (payload, signature) => sameSecret(this.#sign(payload), signature));
  }
}
