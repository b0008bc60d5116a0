import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { WEBHOOK_RESPONSE_KEPT_LENGTH } from '@parley/domain';
import { isPublicAddress } from './webhook-address.js';

export interface WebhookAnswer {
  readonly status: number;
  /** The start of the answer's body. */
  readonly body: string;
}

export interface WebhookSendOptions {
  readonly allowPrivateNetwork: boolean;
  readonly timeoutMs: number;
}

export type SendWebhook = (url: string, body: string, headers: Record<string, string>, options: WebhookSendOptions) => Promise<WebhookAnswer>;

/** The receiver's address is not on the public internet and the subscription does not allow that. */
export class WebhookAddressRefused extends Error {}

/**
 * POSTs one delivery. The address the name resolves to is checked in the connection's own DNS lookup, so
 * the check and the connection use the same address (a name that resolves to a public address when checked
 * and a private one when connecting cannot slip through). Redirects are not followed: the answer is
 * whatever the receiver said. The whole exchange has `timeoutMs`; only the start of the answer is read.
 */
export const sendWebhook: SendWebhook = (url, body, headers, options) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0 && !options.allowPrivateNetwork && !isPublicAddress(host)) {
      reject(new WebhookAddressRefused(`${host} is not a public address`));
      return;
    }
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Parley-Webhooks/1' },
        signal: AbortSignal.timeout(options.timeoutMs),
        lookup: guardedLookup(options.allowPrivateNetwork),
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
          if (text.length >= WEBHOOK_RESPONSE_KEPT_LENGTH) response.destroy();
        });
        const done = () => resolve({ status: response.statusCode ?? 0, body: text.slice(0, WEBHOOK_RESPONSE_KEPT_LENGTH) });
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    request.on('error', reject);
    request.end(body);
  });

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup, refusing names that resolve to an address off the public internet (unless allowed). */
function guardedLookup(allowPrivateNetwork: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, []);
        return;
      }
      const refused = allowPrivateNetwork ? undefined : addresses.find((one) => !isPublicAddress(one.address));
      if (refused) {
        callback(new WebhookAddressRefused(`${hostname} resolves to ${refused.address}, which is not a public address`), []);
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
