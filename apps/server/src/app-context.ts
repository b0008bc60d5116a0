import type { AgentPrincipal } from '@parley/domain';
import type { Clock } from './clock.js';
import type { Config } from './config/env.js';
import type { Em, Orm } from './db/orm.js';
import type { EventBus } from './events/event-bus.js';
import type { RateLimits } from './http/rate-limits.js';
import type { Logger } from './logger.js';
import type { AttachmentStorage } from './modules/attachments/attachment-storage.js';
import type { AutomationRules } from './modules/automation/automation-rules.js';
import type { ServiceLevels } from './modules/sla/service-levels.js';
import type { ChatRouter } from './modules/chats/chat-router.js';
import type { Mailer } from './modules/mail/mailer.js';
import type { MailOutbox } from './modules/mail/outbox.service.js';
import type { InboundMail } from './modules/mailboxes/inbound-mail.js';
import type { KnownDevices } from './modules/agents/known-devices.js';
import type { CredentialCache } from './modules/agents/credential-cache.js';
import type { RatingLinks } from './modules/satisfaction/rating-links.js';
import type { PortalKeys } from './modules/portal/portal-keys.js';
import type { SatisfactionSettingsStore } from './modules/satisfaction/satisfaction-settings.js';
import type { CoalescedRun } from './jobs/coalesced-run.js';
import type { VisitorTokens } from './modules/chats/visitor-token.js';
import type { VisitorPresence } from './modules/chats/visitor-presence.js';
import type { AgentConnections } from './realtime/connections.js';
import type { TotpSecretSeal } from './modules/accounts/totp-secret-seal.js';
import type { Webhooks } from './modules/webhooks/webhooks.js';
import type { StatisticsRollups } from './modules/statistics/statistics-rollups.js';
import type { HelpPageCache } from './modules/knowledge-base/help-page-cache.js';

/** Long-lived collaborators, built once by createApp and handed down; nothing else is global. */
export interface AppContext {
  readonly config: Config;
  readonly orm: Orm;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly rateLimits: RateLimits;
  readonly storage: AttachmentStorage;
  /** Who is connected right now, on every instance (read from the live sockets). */
  readonly connections: AgentConnections;
  /** Signs and checks website visitors' tokens. */
  readonly visitorTokens: VisitorTokens;
  /** What sessions and API tokens proved when last checked, forgotten on every instance when what they prove changes. */
  readonly credentials: CredentialCache;
  /** Signs and checks agents' known-device cookies (what exempts the owner from the account-wide sign-in limit). */
  readonly knownDevices: KnownDevices;
  /** Seals and opens agents' two-factor secrets at rest. */
  readonly totpSeal: TotpSecretSeal;
  /** Webhook subscriptions' secrets and the outbox their deliveries go out from (after commit, retried for a day). */
  readonly webhooks: Webhooks;
  /** The statistics rollups: the facts ticket writes recorded, added up; time zones' days built. */
  readonly statistics: StatisticsRollups;
  /** Rings agents for waiting chats; its queue is the database, so every instance may run any step. */
  readonly chatRouter: ChatRouter;
  /** Sends email over SMTP; null when SMTP_URL is not set (then nothing offers to send mail). */
  readonly mailer: Mailer | null;
  /** Queued email: written in the caller's transaction, sent (and retried) after commit. */
  readonly outbox: MailOutbox;
  /** Whether a website visitor has a widget connected right now (on any instance). */
  readonly visitorPresence: VisitorPresence;
  /** Inbound mail: fetching IMAP mailboxes and the SMTP receiver (running once the server listens). */
  readonly mailboxes: InboundMail;
  /** The enabled triggers, in memory: an event no rule listens to costs nothing. */
  readonly automation: AutomationRules;
  /** Service-level policies and business calendars, in memory: every ticket write keeps its due times by them. */
  readonly serviceLevels: ServiceLevels;
  /** Signs and checks customers' satisfaction survey tokens, and makes the links of survey letters. */
  readonly ratingLinks: RatingLinks;
  /** The satisfaction survey's settings, briefly kept in memory (every resolution reads them). */
  readonly satisfactionSettings: SatisfactionSettingsStore;
  /** Puts the letters of new surveys into the mail outbox (woken after a commit that made some, and swept). */
  readonly surveyLetters: CoalescedRun;
  /** The public help center's rendered pages (knowledge base), emptied after every knowledge base save. */
  readonly helpPages: HelpPageCache;
  /** Signs and checks the customer portal's sign-in tokens, ticket links and form tokens. */
  readonly portalKeys: PortalKeys;
}

/** Where a request came from, for the audit log: the address, the browser, and the API token if one was used. */
export interface RequestOrigin {
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly apiTokenId: number | null;
}

/** One request or one socket event: its own entity manager and the agent acting, if any. */
export interface Scope {
  readonly app: AppContext;
  readonly em: Em;
  readonly agent: AgentPrincipal | null;
  /** Set for HTTP requests; absent for socket events and background work. */
  readonly origin?: RequestOrigin;
}

export interface AgentScope extends Scope {
  readonly agent: AgentPrincipal;
}

export function forkScope(app: AppContext, agent: AgentPrincipal | null): Scope {
  return { app, em: app.orm.em.fork() as Em, agent };
}
