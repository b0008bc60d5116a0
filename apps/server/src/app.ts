import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdapter } from '@socket.io/redis-adapter';
import cookieParser from 'cookie-parser';
import proxyaddr from 'proxy-addr';
import express from 'express';
import { Redis } from 'ioredis';
import type { AppContext } from './app-context.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config/env.js';
import { openDatabase, type Orm } from './db/orm.js';
import { EventBus } from './events/event-bus.js';
import { registerChatRoutingListener } from './events/listeners/chat-routing.listener.js';
import { registerCredentialRevocationListener } from './events/listeners/credential-revocation.listener.js';
import { registerNotificationListener } from './events/listeners/notification.listener.js';
import { registerPresenceListener } from './events/listeners/presence.listener.js';
import { registerEmailNotificationListener } from './events/listeners/email-notification.listener.js';
import { memoryAnnouncedItems, redisAnnouncedItems } from './events/announced-items.js';
import { registerRealtimeListener } from './events/listeners/realtime.listener.js';
import { registerVisitorRealtimeListener } from './events/listeners/visitor-realtime.listener.js';
import { errorHandler } from './http/error-handler.js';
import { RateLimits } from './http/rate-limits.js';
import { createConnectionCaps } from './realtime/connection-caps.js';
import { KnownDevices } from './modules/agents/known-devices.js';
import { RatingLinks } from './modules/satisfaction/rating-links.js';
import { SatisfactionSettingsStore } from './modules/satisfaction/satisfaction-settings.js';
import { ratingPageRouter } from './modules/satisfaction/rating-page.js';
import { helpPagesRouter } from './modules/knowledge-base/help-pages.js';
import { HelpPageCache } from './modules/knowledge-base/help-page-cache.js';
import { PortalKeys } from './modules/portal/portal-keys.js';
import { portalRouter } from './modules/portal/portal.router.js';
import { attachSurveyOnResolve } from './modules/satisfaction/survey-on-resolve.js';
import { queueSurveyLetters } from './modules/satisfaction/survey-letters.js';
import { registerBadRatingNotices } from './events/listeners/bad-rating.listener.js';
import { CoalescedRun } from './jobs/coalesced-run.js';
import { createApiRouter } from './http/router.js';
import { startScheduler } from './jobs/scheduler.js';
import { createLogger, type Logger } from './logger.js';
import { AttachmentStorage } from './modules/attachments/attachment-storage.js';
import { registerTeamChatListener } from './modules/team-chat/team-chat.listener.js';
import { ensureFirstAdministrator } from './modules/agents/auth.service.js';
import { sealPlaintextTotpSecrets } from './modules/accounts/two-factor.service.js';
import { TotpSecretSeal } from './modules/accounts/totp-secret-seal.js';
import { ChatRouter } from './modules/chats/chat-router.js';
import { resolveVisitorTokenSecret, VisitorTokens } from './modules/chats/visitor-token.js';
import { createSmtpMailer } from './modules/mail/mailer.js';
import { AutomationRules } from './modules/automation/automation-rules.js';
import { ServiceLevels } from './modules/sla/service-levels.js';
import { attachServiceLevels } from './modules/sla/sla-on-write.js';
import { registerRuleNoticeListener } from './events/listeners/rule-notice.listener.js';
import { MailboxTransports } from './modules/mailboxes/mailbox-transports.js';
import { MailOutbox, type RetryPolicy } from './modules/mail/outbox.service.js';
import { releaseWaitingReplies } from './modules/email/waiting-replies.js';
import { VisitorPresence } from './modules/chats/visitor-presence.js';
import { Mailboxes } from './modules/mailboxes/mailboxes.js';
import { registerWebhookDeliveries } from './modules/webhooks/webhook-deliveries.js';
import { Webhooks } from './modules/webhooks/webhooks.js';
import { StatisticsRollups } from './modules/statistics/statistics-rollups.js';
import { attachStatisticsRecording } from './modules/statistics/statistics-recording.js';
import { writeTicketWorkOnFlush } from './modules/tickets/ticket-transaction.js';
import { AgentConnections } from './realtime/connections.js';
import { CredentialCache } from './modules/agents/credential-cache.js';
import { forgetCredentialsOnChange } from './modules/agents/credential-forgetting.js';
import { createIo } from './realtime/io.js';
import type { ParleyIo } from './realtime/socket-types.js';

export interface ParleyApp {
  readonly context: AppContext;
  readonly httpServer: HttpServer;
  readonly io: ParleyIo;
  readonly orm: Orm;
  /** Set on a first start without PARLEY_ADMIN_*: the one-time token of the setup link. */
  readonly setupToken: string | null;
  /** The administrator this start created from PARLEY_ADMIN_* (their email); null when none was created. */
  readonly createdAdministrator: string | null;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface AppOverrides {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Tests give up on mail sooner than production's hours of retries. */
  readonly mailRetryPolicy?: RetryPolicy;
}

/** The one composition root: everything long-lived is built here and closed by close(). */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<ParleyApp> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  await mkdir(config.storageDir, { recursive: true });
  const orm = await openDatabase(config.database, config.dbDebug);
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 }) : null;
  const clock = overrides.clock ?? systemClock;
  const mailer = config.mail ? createSmtpMailer(config.mail) : null;
  const mailboxTransports = new MailboxTransports({ orm, credentialsKey: config.mailboxes.credentialsKey });
  const events = new EventBus(logger);
  const serverSecret = await resolveVisitorTokenSecret(config);
  const mailboxes = new Mailboxes(() => context);
  const context: AppContext = {
    config,
    orm,
    logger,
    clock,
    events,
    rateLimits: new RateLimits({
      signInPer15Min: config.limits.signInAttemptsPer15Min,
      signInPerAccountPerHour: config.limits.signInAttemptsPerAccountPerHour,
      publicFormPerHour: config.limits.publicFormRequestsPerHour,
      visitorsPerHour: config.limits.visitorRequestsPerHour,
      visitorCommandsPerMinute: config.limits.visitorCommandsPerMinute,
      visitorUploadsPerHour: config.limits.visitorUploadsPerHour,
      portalSignInPerHour: config.limits.portalSignInRequestsPerHour,
      redis,
      keyPrefix: config.redisKeyPrefix,
    }),
    storage: new AttachmentStorage(config.storageDir),
    connections: new AgentConnections(),
    visitorTokens: new VisitorTokens(serverSecret, config.visitors.tokenTtlMs),
    credentials: new CredentialCache(clock),
    knownDevices: new KnownDevices(serverSecret),
    totpSeal: new TotpSecretSeal(serverSecret),
    webhooks: new Webhooks({ orm, clock, logger, serverSecret }),
    statistics: new StatisticsRollups(orm, logger),
    chatRouter: new ChatRouter(),
    mailer,
    outbox: new MailOutbox({
      orm,
      clock,
      logger,
      mailer,
      mailboxMailer: (id) => mailboxTransports.mailerFor(id),
      events,
      releaseHeld: () => releaseWaitingReplies(context),
      ...(overrides.mailRetryPolicy ? { retryPolicy: overrides.mailRetryPolicy } : {}),
    }),
    visitorPresence: new VisitorPresence(),
    mailboxes,
    automation: new AutomationRules(orm),
    serviceLevels: new ServiceLevels(orm),
    ratingLinks: new RatingLinks(serverSecret, config.publicUrl),
    satisfactionSettings: new SatisfactionSettingsStore(),
    surveyLetters: new CoalescedRun(
      () => queueSurveyLetters(context),
      (error) => logger.error({ err: error, job: 'survey-letters' }, 'job failed'),
    ),
    helpPages: new HelpPageCache(),
    portalKeys: new PortalKeys(serverSecret, config.publicUrl),
  };
  const credentialForgetting = forgetCredentialsOnChange(orm, context.credentials, redis, config.redisKeyPrefix, logger);
  await sealPlaintextTotpSecrets(context);
  await context.automation.load();
  await context.serviceLevels.load();
  attachServiceLevels(orm, context.serviceLevels, clock);
  attachStatisticsRecording(orm, clock);
  writeTicketWorkOnFlush(orm);
  attachSurveyOnResolve(orm, clock, context.satisfactionSettings, () => context.surveyLetters.kick());
  const { setupToken, created } = await ensureFirstAdministrator(context);

  const web = express();
  web.disable('x-powered-by');
  web.set('trust proxy', config.trustProxy);
  web.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin', 'X-Frame-Options': 'DENY' });
    next();
  });
  web.use(cookieParser());
  web.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  web.use('/api', createApiRouter(context));
  web.use('/rate', ratingPageRouter(context));
  web.use('/help', helpPagesRouter(context));
  web.use('/portal', portalRouter(context));
  serveChatWidget(web, config);
  serveAgentConsole(web, config);
  web.use(errorHandler(logger));

  const httpServer = createServer(web);
  const socketCaps = createConnectionCaps(redis, config.redisKeyPrefix);
  // Sockets see the client's address as Express does (the same TRUST_PROXY), so per-address caps mean the same.
  const trustProxy = web.get('trust proxy fn') as Parameters<typeof proxyaddr>[1];
  const realtime = createIo(httpServer, context, { caps: socketCaps, clientIp: (req) => proxyaddr(req, trustProxy) });
  const { io } = realtime;
  context.visitorPresence.attach(realtime.visitors);
  let subscriber: Redis | null = null;
  if (redis) {
    subscriber = redis.duplicate();
    io.adapter(createAdapter(redis, subscriber, { key: `${config.redisKeyPrefix}:socket.io` }));
  }
  registerRealtimeListener(context, realtime, redis !== null, redis ? redisAnnouncedItems(redis, config.redisKeyPrefix) : memoryAnnouncedItems());
  registerVisitorRealtimeListener(context, realtime.visitors, redis !== null);
  registerPresenceListener(context, realtime.presence);
  registerCredentialRevocationListener(context, realtime.agents);
  registerNotificationListener(context, realtime.agents, redis !== null);
  registerTeamChatListener(context, realtime.agents);
  registerEmailNotificationListener(context);
  registerChatRoutingListener(context);
  registerRuleNoticeListener(context, realtime.agents);
  registerWebhookDeliveries(context);
  registerBadRatingNotices(context, realtime.agents);
  const stopScheduler = config.jobIntervalMs > 0 ? startScheduler(context, config.jobIntervalMs) : async () => undefined;

  return {
    context,
    httpServer,
    io,
    orm,
    setupToken,
    createdAdministrator: created && config.admin ? config.admin.email : null,
    listen: async () => {
      const url = await new Promise<string>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          const { port } = httpServer.address() as AddressInfo;
          resolve(`http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`);
        });
      });
      await mailboxes.start();
      // Replies held for want of a mail server go out once this start brings one (SMTP_URL, a mailbox).
      context.outbox.wakeHeld();
      return url;
    },
    close: async () => {
      await stopScheduler();
      await context.surveyLetters.idle();
      await mailboxes.close();
      await context.outbox.close();
      await context.webhooks.outbox.close();
      await context.statistics.close();
      await realtime.close();
      socketCaps.close();
      await context.events.drain();
      await orm.close(true);
      await credentialForgetting.close();
      await Promise.all([redis?.quit(), subscriber?.quit()]);
      context.mailer?.close();
      mailboxTransports.close();
    },
  };
}

/**
 * The chat widget: /widget.js (the loader a site embeds; not hashed, so asked again after 5 minutes) and the
 * chat frame it opens (/widget/frame, on this origin so its socket passes the Origin check), which any site
 * allowed by WIDGET_FRAME_ANCESTORS may embed. Everything else keeps X-Frame-Options: DENY.
 */
function serveChatWidget(web: express.Express, config: Config): void {
  const dir = config.chatWidgetDir ?? fileURLToPath(new URL('../../chat-widget/dist', import.meta.url));
  if (!existsSync(join(dir, 'widget.js'))) return;
  web.get('/widget.js', (_req, res) => {
    res.set({ 'Cache-Control': 'public, max-age=300', 'Cross-Origin-Resource-Policy': 'cross-origin' });
    res.sendFile('widget.js', { root: dir });
  });
  const frameDir = join(dir, 'frame');
  if (!existsSync(join(frameDir, 'index.html'))) return;
  web.use('/widget/assets', express.static(join(frameDir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  web.use('/widget/assets', (_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  web.get('/widget/frame', (_req, res) => {
    res.removeHeader('X-Frame-Options');
    res.set({
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': `frame-ancestors ${config.widgetFrameAncestors}`,
    });
    res.sendFile('index.html', { root: frameDir });
  });
}

/** In production the server also serves the built agent console at /, with the SPA's fallback to index.html. */
function serveAgentConsole(web: express.Express, config: Config): void {
  const dir = config.agentWebDir ?? fileURLToPath(new URL('../../agent-web/dist', import.meta.url));
  if (!existsSync(dir)) return;
  // Built files carry their content's hash in their names, so they never change: cached for a year. The page
  // itself is asked again every time, so an upgrade reaches every console at its next load.
  web.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  // A file of an older build is gone: say so, rather than answer a script request with the page.
  web.use('/assets', (_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  web.use(express.static(dir, { index: false, maxAge: 0 }));
  web.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.sendFile('index.html', { root: dir });
  });
}
