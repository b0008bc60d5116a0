/// <reference types="node" />
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookSignatureError } from './webhook-verification.js';

const secret = 'whsec_test';
const body = JSON.stringify({ id: 'e1', event: 'ticket.created', createdAt: '2027-03-28T01:00:00.000Z', data: { ticket: { subject: 'Принтер' } } });
const at = 1_806_000_000;
const sign = (text: string, key = secret) => createHmac('sha256', key).update(text).digest('hex');
const header = (t: number, hex: string) => `t=${t},v1=${hex}`;

describe('verifyWebhook', () => {
  it('answers the body when the signature holds (as node:crypto computes it)', async () => {
    expect(await verifyWebhook({ secret, signatureHeader: header(at, sign(`${at}.${body}`)), rawBody: body, now: at * 1000 })).toMatchObject({ id: 'e1', data: { ticket: { subject: 'Принтер' } } });
  });

  it('refuses a changed body, another secret, a missing or foreign header, and an old delivery', async () => {
    const good = header(at, sign(`${at}.${body}`));
    const refused = (options: Parameters<typeof verifyWebhook>[0]) => expect(verifyWebhook(options)).rejects.toBeInstanceOf(WebhookSignatureError);
    await refused({ secret, signatureHeader: good, rawBody: body.replace('Принтер', 'Printer'), now: at * 1000 });
    await refused({ secret: 'whsec_other', signatureHeader: good, rawBody: body, now: at * 1000 });
    await refused({ secret, signatureHeader: undefined, rawBody: body, now: at * 1000 });
    await refused({ secret, signatureHeader: 'sha256=abc', rawBody: body, now: at * 1000 });
    await refused({ secret, signatureHeader: good, rawBody: body, now: (at + 301) * 1000 });
    // The timestamp is signed: moving it forward to pass the age check breaks the signature.
    await refused({ secret, signatureHeader: header(at + 400, sign(`${at}.${body}`)), rawBody: body, now: (at + 400) * 1000 });
    expect(await verifyWebhook({ secret, signatureHeader: good, rawBody: body, now: (at + 10_000) * 1000, toleranceSeconds: 0 })).toMatchObject({ id: 'e1' });
  });
});
