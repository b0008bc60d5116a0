import { parseWebhookSignatureHeader, WEBHOOK_SIGNATURE_TOLERANCE_SECONDS, type WebhookPayload, webhookSignedText } from '@parley/protocol';

export interface WebhookVerification {
  /** The subscription's signing secret (shown when it was created or replaced). */
  readonly secret: string;
  /** The `Parley-Signature` header as received. */
  readonly signatureHeader: string | null | undefined;
  /** The request's body exactly as received (before any JSON parsing). */
  readonly rawBody: string;
  /** Refuse a delivery signed longer ago than this (default five minutes); 0 turns the check off. */
  readonly toleranceSeconds?: number;
  /** The current time in ms (tests). */
  readonly now?: number;
}

/** A delivery that is not Parley's, was changed on the way, or is an old one replayed. */
export class WebhookSignatureError extends Error {}

/**
 * Checks a webhook delivery's signature (HMAC-SHA256 of `t.body` with the secret, constant-time compared) and
 * its age, and answers the parsed body. Uses the Web Crypto API (Node 20+, browsers, edge runtimes).
 * Deliveries are retried with the same `id`: keep the ids you have handled and ignore a repeat.
 */
export async function verifyWebhook(options: WebhookVerification): Promise<WebhookPayload> {
  const parsed = options.signatureHeader ? parseWebhookSignatureHeader(options.signatureHeader) : null;
  if (!parsed) throw new WebhookSignatureError('No Parley-Signature header, or not one Parley writes.');
  const tolerance = options.toleranceSeconds ?? WEBHOOK_SIGNATURE_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  if (tolerance > 0 && Math.abs(nowSeconds - parsed.timestampSeconds) > tolerance) throw new WebhookSignatureError('The delivery was signed too long ago (a replay?).');
  const expected = await hmacHex(options.secret, webhookSignedText(parsed.timestampSeconds, options.rawBody));
  if (!parsed.signatures.some((signature) => sameText(signature, expected))) throw new WebhookSignatureError('The signature does not match the body and the secret.');
  return JSON.parse(options.rawBody) as WebhookPayload;
}

async function hmacHex(secret: string, text: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const digest = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Compares in time independent of where the texts differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
