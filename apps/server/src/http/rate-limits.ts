import { clientAddressKey, DomainError, ErrorCodes } from '@parley/domain';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Rate limits live in Redis when several instances run (REDIS_URL), else in this process: one interface,
 * so a second instance never multiplies the allowance. Addresses count by clientAddressKey (an IPv6 /64 is
 * one client), so hopping addresses within one's own prefix gains nothing.
 */
export class RateLimits {
  readonly #signInPerAccountAddress: RateLimiterAbstract;
  readonly #signInPerAccount: RateLimiterAbstract;
  readonly #signInPerAddress: RateLimiterAbstract;
  readonly #publicForm: RateLimiterAbstract;
  readonly #visitors: RateLimiterAbstract;
  readonly #visitorCommands: RateLimiterAbstract;
  readonly #visitorUploads: RateLimiterAbstract;
  readonly #callSignals: RateLimiterAbstract;
  readonly #widgetConfig: RateLimiterAbstract;
  readonly #resetPerAccount: RateLimiterAbstract;
  readonly #resetPerAddress: RateLimiterAbstract;
  readonly #helpSearch: RateLimiterAbstract;
  readonly #helpFeedback: RateLimiterAbstract;
  readonly #portalSignInPerAccount: RateLimiterAbstract;
  readonly #portalSignInPerAddress: RateLimiterAbstract;
  readonly #portalWrites: RateLimiterAbstract;

  constructor(options: {
    signInPer15Min: number;
    signInPerAccountPerHour?: number;
    publicFormPerHour: number;
    visitorsPerHour?: number;
    visitorCommandsPerMinute?: number;
    visitorUploadsPerHour?: number;
    widgetConfigPerMinute?: number;
    portalSignInPerHour?: number;
    redis: Redis | null;
    keyPrefix: string;
  }) {
    const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
      options.redis
        ? new RateLimiterRedis({ storeClient: options.redis, keyPrefix: `${options.keyPrefix}:rate-limit:${keyPrefix}`, points, duration })
        : new RateLimiterMemory({ keyPrefix, points, duration });
    // Guessing from one address is stopped quickly, but only for that address: the owner elsewhere is unaffected.
    this.#signInPerAccountAddress = make('sign-in-account-address', options.signInPer15Min, 15 * 60);
    // Guessing spread over many addresses is still bounded, more slowly; the owner's known devices are exempt.
    this.#signInPerAccount = make('sign-in-account-hour', options.signInPerAccountPerHour ?? 100, 3600);
    // An office behind one address signs in many people: the address gets ten accounts' worth of attempts.
    this.#signInPerAddress = make('sign-in-address', options.signInPer15Min * 10, 15 * 60);
    this.#publicForm = make('public-form', options.publicFormPerHour, 3600);
    this.#visitors = make('visitors', options.visitorsPerHour ?? 300, 3600);
    this.#visitorCommands = make('visitor-commands', options.visitorCommandsPerMinute ?? 120, 60);
    // Setting up a call takes an offer, an answer and a few dozen ICE candidates per peer; a group call of six
    // and an ICE restart or two stay well inside this, a tab flooding the relay does not.
    this.#callSignals = make('call-signals', 600, 60);
    this.#visitorUploads = make('visitor-uploads', options.visitorUploadsPerHour ?? 30, 3600);
    // Every page view of a site with data-widget reads the config (browsers cache it 15 s): generous per address.
    this.#widgetConfig = make('widget-config', options.widgetConfigPerMinute ?? 120, 60);
    // Each reset request may send a letter: a few per account an hour is plenty for a person and useless for a flood.
    this.#resetPerAccount = make('password-reset-account', 3, 3600);
    this.#resetPerAddress = make('password-reset-address', 30, 3600);
    // The help center's search (pages and the widget's suggestions as a visitor types) reads the database each time.
    this.#helpSearch = make('help-search', 120, 60);
    // "Was this helpful?" counts: enough for a person reading many articles, too few to skew the counts much.
    this.#helpFeedback = make('help-feedback', 60, 3600);
    // The portal's sign-in letters: as the reset's, a few per address an hour, and a bound per client address.
    this.#portalSignInPerAccount = make('portal-sign-in-account', 5, 3600);
    this.#portalSignInPerAddress = make('portal-sign-in-address', options.portalSignInPerHour ?? 30, 3600);
    // A signed-in customer's replies and requests (each may carry files): plenty for a person, a wall for a script.
    this.#portalWrites = make('portal-writes', 60, 3600);
  }

  /**
   * Counts a sign-in attempt: per address (spraying many accounts), per account and address (guessing one
   * account from one place), and per account over an hour (guessing from many places). A browser the account
   * signed in from before (`knownDevice`) is not held back by the account-wide count, so a stranger's guesses
   * can never lock the owner out; it still counts against its own address.
   */
  async consumeSignIn(ip: string, account: string, options: { knownDevice?: boolean } = {}): Promise<void> {
    const key = account.toLowerCase();
    const address = clientAddressKey(ip);
    await consume(this.#signInPerAddress, address, ErrorCodes.authRateLimited, 'address');
    await consume(this.#signInPerAccountAddress, `${key}|${address}`, ErrorCodes.authRateLimited, 'account_address');
    if (!options.knownDevice) await consume(this.#signInPerAccount, key, ErrorCodes.authRateLimited, 'account');
  }

  /** Counts a password reset request per address and per account (known or not, so the count tells nothing). */
  async consumePasswordReset(ip: string, email: string): Promise<void> {
    await consume(this.#resetPerAddress, clientAddressKey(ip), ErrorCodes.authRateLimited);
    await consume(this.#resetPerAccount, email, ErrorCodes.authRateLimited);
  }

  /** Counts a portal sign-in letter asked for, per client address and per email address (known or not, so the count tells nothing). */
  async consumePortalSignIn(ip: string, email: string): Promise<void> {
    await consume(this.#portalSignInPerAddress, clientAddressKey(ip), ErrorCodes.requestRateLimited);
    await consume(this.#portalSignInPerAccount, email.toLowerCase(), ErrorCodes.requestRateLimited);
  }

  /** Counts a reply or new request a signed-in portal customer sends. */
  async consumePortalWrite(contactId: number): Promise<void> {
    await consume(this.#portalWrites, `contact:${contactId}`, ErrorCodes.requestRateLimited);
  }

  /** A successful sign-in: this address starts afresh; the account-wide count only gets this attempt back. */
  async rewardSignIn(ip: string, account: string, options: { knownDevice?: boolean } = {}): Promise<void> {
    const key = account.toLowerCase();
    await this.#signInPerAccountAddress.delete(`${key}|${clientAddressKey(ip)}`);
    if (!options.knownDevice) await this.#signInPerAccount.reward(key, 1);
  }

  /** Counts a visitor identity issued or renewed (the chat widget's first call on every page). */
  async consumeVisitor(ip: string): Promise<void> {
    await consume(this.#visitors, `ip:${clientAddressKey(ip)}`, ErrorCodes.requestRateLimited);
  }

  /** Counts one command of a visitor's socket (a message, typing, history): a flood stops before the database. */
  async consumeVisitorCommand(visitorId: string): Promise<void> {
    await consume(this.#visitorCommands, `visitor:${visitorId}`, ErrorCodes.requestRateLimited);
  }

  /** Counts one file a visitor uploads into their chat (uploads cost disk, so they have their own, smaller allowance). */
  async consumeCallSignal(agentId: number): Promise<void> {
    await consume(this.#callSignals, `agent:${agentId}`, ErrorCodes.requestRateLimited);
  }

  async consumeVisitorUpload(visitorId: string): Promise<void> {
    await consume(this.#visitorUploads, `visitor:${visitorId}`, ErrorCodes.requestRateLimited);
  }

  /** Counts a read of a widget's public config. */
  async consumeWidgetConfig(ip: string): Promise<void> {
    await consume(this.#widgetConfig, `ip:${clientAddressKey(ip)}`, ErrorCodes.requestRateLimited);
  }

  async consumePublicForm(ip: string): Promise<void> {
    await consume(this.#publicForm, `ip:${clientAddressKey(ip)}`, ErrorCodes.requestRateLimited);
  }

  /** Counts one search of the public help center (its page, or the widget's). */
  async consumeHelpSearch(ip: string): Promise<void> {
    await consume(this.#helpSearch, `ip:${clientAddressKey(ip)}`, ErrorCodes.requestRateLimited);
  }

  /** Counts one "was this helpful?" answer. */
  async consumeHelpFeedback(ip: string): Promise<void> {
    await consume(this.#helpFeedback, `ip:${clientAddressKey(ip)}`, ErrorCodes.requestRateLimited);
  }
}

/** Which allowance ran out, so clients (and operators reading logs) can tell an address limit from an account's. */
type LimitScope = 'address' | 'account_address' | 'account';

async function consume(
  limiter: RateLimiterAbstract,
  key: string,
  code: typeof ErrorCodes.authRateLimited | typeof ErrorCodes.requestRateLimited,
  scope?: LimitScope,
): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (result) {
    if (result instanceof RateLimiterRes) {
      throw new DomainError(code, 'Too many attempts; try again later.', { retryAfterSeconds: Math.ceil(result.msBeforeNext / 1000), ...(scope ? { limit: scope } : {}) });
    }
    throw result;
  }
}
