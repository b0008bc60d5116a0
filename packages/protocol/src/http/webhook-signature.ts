/**
 * How a webhook delivery is signed: the header `Parley-Signature: t=<unix seconds>,v1=<hex>`, where the hex is
 * HMAC-SHA256, keyed with the subscription's secret, of `<t>.<the raw body>`. The timestamp inside the signed
 * text lets a receiver refuse an old delivery replayed (five minutes is the usual tolerance); `v1` names the
 * scheme so a later one can be added beside it. The server signs and `@parley/sdk` verifies with these.
 */
export const WEBHOOK_SIGNATURE_HEADER = 'Parley-Signature';

/** A receiver should refuse a delivery signed longer ago than this. */
export const WEBHOOK_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The text whose HMAC is the signature. */
export function webhookSignedText(timestampSeconds: number, rawBody: string): string {
  return `${timestampSeconds}.${rawBody}`;
}

export function webhookSignatureHeader(timestampSeconds: number, hexDigest: string): string {
  return `t=${timestampSeconds},v1=${hexDigest}`;
}

/** The timestamp and the v1 signatures of a header; null when it is not one. */
export function parseWebhookSignatureHeader(header: string): { timestampSeconds: number; signatures: string[] } | null {
  let timestampSeconds: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2) as [string, string | undefined];
    if (value === undefined) continue;
    if (key === 't' && /^\d{1,12}$/.test(value)) timestampSeconds = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return timestampSeconds === null || signatures.length === 0 ? null : { timestampSeconds, signatures };
}
