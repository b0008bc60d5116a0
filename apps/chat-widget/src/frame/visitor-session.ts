/**
 * Who the visitor is to the server: their token (POST /api/v1/widget/visitors, kept in the frame's storage
 * so the chat survives reloads), what this help desk offers them, and the email they gave (to prefill the
 * transcript address).
 */
import type { IssueVisitorRequest, VisitorIdentity, VisitorSessionDto } from '@parley/protocol';
import type { KeyValueStore } from './host-storage';

const TOKEN_KEY = 'parley.visitorToken';
/** The pre-chat form's email, kept to prefill the transcript address when the visitor ends the chat (after reloads too). */
const EMAIL_KEY = 'parley.visitorEmail';

/** What the server tells the widget with its token: what this help desk offers. */
export type SessionFeatures = Pick<VisitorSessionDto, 'transcriptByEmail' | 'maxUploadBytes'>;

export interface VisitorSessionOptions {
  readonly storage?: KeyValueStore | null | undefined;
  readonly widgetKey?: string | undefined;
  /** The site's user, signed with the widget's identity secret (data-user-*). */
  readonly identity?: VisitorIdentity | undefined;
  readonly fetcher?: typeof fetch;
}

export class VisitorSession {
  /** The visitor's current token: null until the first one is issued. */
  token: string | null = null;
  features: SessionFeatures = { transcriptByEmail: false, maxUploadBytes: 0 };
  /** The server took the site's signed identity with the current token (the customer portal lets them straight in). */
  verified = false;
  #email = '';

  readonly #options: VisitorSessionOptions;

  constructor(options: VisitorSessionOptions) {
    this.#options = options;
  }

  /** Gets (or renews) the visitor's token; throws when the server cannot give one. */
  async issue(): Promise<string> {
    const stored = this.#load(TOKEN_KEY);
    const options = this.#options;
    const identity = options.identity ? { widgetKey: options.widgetKey, identity: options.identity } : {};
    let res = await this.#post(stored, identity);
    let verified = options.identity !== undefined;
    if (!res.ok && res.status !== 401 && res.status !== 429 && options.identity) {
      // A hash that does not verify: the site's setup is wrong. The visitor chats on, anonymous.
      console.warn('Parley widget: the data-user-hash does not verify (widget/identity_invalid); chatting anonymously.');
      res = await this.#post(stored, {});
      verified = false;
    }
    if (res.status === 401 && stored) res = await this.#post(null, identity);
    if (!res.ok) throw new Error(`visitor: ${res.status}`);
    this.verified = verified;
    const body = (await res.json()) as Pick<VisitorSessionDto, 'token'> & Partial<SessionFeatures>;
    this.features = { transcriptByEmail: body.transcriptByEmail === true, maxUploadBytes: body.maxUploadBytes ?? 0 };
    this.#store(TOKEN_KEY, body.token);
    this.token = body.token;
    return body.token;
  }

  /** The server refused the token (expired, unknown): a new one, or the old one kept when none can be had now. */
  async renew(): Promise<void> {
    this.#store(TOKEN_KEY, null);
    try {
      await this.issue();
    } catch {
      // Kept: the next retry asks again.
    }
  }

  /** The address the visitor last gave (pre-chat form or transcript), '' when none. */
  rememberedEmail(): string {
    if (!this.#email) this.#email = this.#load(EMAIL_KEY) ?? '';
    return this.#email;
  }

  rememberEmail(email: string): void {
    this.#email = email;
    // Storage blocked: the address is still prefilled until the frame closes.
    this.#store(EMAIL_KEY, email);
  }

  #post(token: string | null, identity: { widgetKey?: string | undefined; identity?: VisitorIdentity }): Promise<Response> {
    const body: IssueVisitorRequest = { ...(token ? { token } : {}), ...identity };
    return (this.#options.fetcher ?? fetch)('/api/v1/widget/visitors', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    });
  }

  #load(key: string): string | null {
    try {
      return this.#options.storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  #store(key: string, value: string | null): void {
    try {
      if (value) this.#options.storage?.setItem(key, value);
      else this.#options.storage?.removeItem(key);
    } catch {
      // Storage blocked (some privacy settings): the chat still works, only not across reloads.
    }
  }
}
