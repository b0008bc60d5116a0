import { isIP } from 'node:net';
import { resolve } from 'node:path';
import {
  DEFAULT_CHAT_OFFER_WAIT_SECONDS,
  DEFAULT_CHAT_OWNER_GRACE_SECONDS,
  DEFAULT_INVITATION_TTL_HOURS,
  DEFAULT_VISITOR_TOKEN_TTL_DAYS,
  DEFAULT_VISITOR_UPLOAD_BYTES,
  PRESENCE_DISCONNECT_GRACE_MS,
  TYPING_LAPSE_MS,
} from '@parley/domain';
import { z } from 'zod';

/**
 * The one place that reads process.env. Everything is validated at start; a bad value stops the start with
 * a message naming the variable. Defaults give a working SQLite installation under ./data; PARLEY_DATA_DIR
 * moves all of it, the database included, unless DATABASE_URL names one.
 */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  // Unset or empty: <PARLEY_DATA_DIR>/parley.sqlite, so the data directory holds everything by default.
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[\w.:-]{1,100}$/).default('parley'),
  PARLEY_DATA_DIR: z.string().default('./data'),
  PARLEY_ADMIN_EMAIL: z.email().optional(),
  PARLEY_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  PARLEY_ADMIN_NAME: z.string().min(1).default('Administrator'),
  PARLEY_AGENT_WEB_DIR: z.string().optional(),
  PARLEY_CHAT_WIDGET_DIR: z.string().optional(),
  WIDGET_FRAME_ANCESTORS: z.string().optional(),
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024),
  MAX_JSON_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  MAX_MAIL_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 14),
  INVITATION_TTL_HOURS: z.coerce.number().positive().max(24 * 365).default(DEFAULT_INVITATION_TTL_HOURS),
  SIGN_IN_ATTEMPTS_PER_15_MIN: z.coerce.number().int().positive().default(10),
  SIGN_IN_ATTEMPTS_PER_ACCOUNT_PER_HOUR: z.coerce.number().int().positive().default(100),
  PUBLIC_FORM_REQUESTS_PER_HOUR: z.coerce.number().int().positive().default(30),
  PORTAL_SIGN_IN_REQUESTS_PER_HOUR: z.coerce.number().int().positive().default(30),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  TRUST_PROXY: z.string().default('loopback'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_DEBUG: z.enum(['true', 'false']).default('false'),
  JOB_INTERVAL_MS: z.coerce.number().int().min(0).default(15_000),
  TRASH_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  PRESENCE_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(PRESENCE_DISCONNECT_GRACE_MS),
  TYPING_LAPSE_MS: z.coerce.number().int().min(10).max(600_000).default(TYPING_LAPSE_MS),
  VISITOR_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  VISITOR_TOKEN_TTL_DAYS: z.coerce.number().positive().max(3650).default(DEFAULT_VISITOR_TOKEN_TTL_DAYS),
  VISITOR_REQUESTS_PER_HOUR: z.coerce.number().int().positive().default(300),
  VISITOR_COMMANDS_PER_MINUTE: z.coerce.number().int().positive().default(120),
  VISITOR_SOCKETS_PER_VISITOR: z.coerce.number().int().positive().default(10),
  VISITOR_SOCKETS_PER_ADDRESS: z.coerce.number().int().positive().default(50),
  AGENT_SOCKETS_PER_SESSION: z.coerce.number().int().positive().default(20),
  CHAT_OFFER_WAIT_SECONDS: z.coerce.number().min(0).max(86_400).default(DEFAULT_CHAT_OFFER_WAIT_SECONDS),
  CHAT_OWNER_GRACE_SECONDS: z.coerce.number().min(0).max(86_400).default(DEFAULT_CHAT_OWNER_GRACE_SECONDS),
  VISITOR_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(DEFAULT_VISITOR_UPLOAD_BYTES),
  VISITOR_UPLOADS_PER_HOUR: z.coerce.number().int().positive().default(30),
  // Voice calls between agents: STUN and TURN servers (spaces or commas between URLs); TURN credentials are
  // made for each agent from TURN_SECRET as coturn's use-auth-secret expects, valid TURN_TTL_SECONDS.
  STUN_URLS: z.string().optional(),
  TURN_URLS: z.string().optional(),
  TURN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(12 * 3600),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).max(300).optional(),
  MAIL_CREDENTIALS_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(v), 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  MAIL_POLL_SECONDS: z.coerce.number().min(1).max(86_400).default(60),
  MAILBOX_FETCH: z.enum(['on', 'off']).default('on'),
  SMTP_RECEIVER_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SMTP_RECEIVER_HOST: z.string().default('0.0.0.0'),
  SMTP_RECEIVER_ALLOW: z.string().optional(),
});

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgresql'; readonly url: string };

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly database: DatabaseConfig;
  readonly redisUrl: string | null;
  /** Namespaces Parley's Redis channels and keys, so installations can share one Redis. */
  readonly redisKeyPrefix: string;
  readonly dataDir: string;
  readonly storageDir: string;
  readonly admin: { readonly email: string; readonly password: string; readonly name: string } | null;
  readonly agentWebDir: string | null;
  /** The built chat widget (widget.js and the chat frame); null: apps/chat-widget/dist. */
  readonly chatWidgetDir: string | null;
  /** Who may embed the chat frame: the CSP frame-ancestors sources (`*` by default: any site). */
  readonly widgetFrameAncestors: string;
  /** ICE servers for voice calls between agents (none: calls work between browsers that reach each other directly). */
  readonly calls: { readonly stunUrls: readonly string[]; readonly turnUrls: readonly string[]; readonly turnSecret: string | null; readonly turnTtlSeconds: number };
  readonly limits: {
    readonly uploadBytes: number;
    readonly jsonBytes: number;
    /** The largest raw letter Parley takes in (MAX_MAIL_BYTES). */
    readonly mailBytes: number;
    /** Per account and IP address. */
    readonly signInAttemptsPer15Min: number;
    /** Open /visitor sockets per visitor token, and per client address; open /agent sockets per session or API token. */
    readonly socketsPerVisitor: number;
    readonly visitorSocketsPerAddress: number;
    readonly socketsPerAgentSession: number;
    /** Per account from all addresses together; the account's known devices are exempt. */
    readonly signInAttemptsPerAccountPerHour: number;
    readonly publicFormRequestsPerHour: number;
    /** Portal sign-in letters asked for from one client address in an hour. */
    readonly portalSignInRequestsPerHour: number;
    /** Visitor identities issued or renewed per IP address per hour. */
    readonly visitorRequestsPerHour: number;
    readonly visitorCommandsPerMinute: number;
    /** The largest file a website visitor may upload into a chat. */
    readonly visitorUploadBytes: number;
    /** Files one visitor may upload per hour. */
    readonly visitorUploadsPerHour: number;
  };
  /** Outbound email (chat transcripts); null without SMTP_URL, and then nothing offers to send mail. */
  readonly mail: { readonly smtpUrl: string; readonly from: string } | null;
  readonly mailboxes: {
    /** Encrypts mailbox passwords at rest (AES-256-GCM); null: saving a password is refused. */
    readonly credentialsKey: Buffer | null;
    /** How often a mailbox is checked when its server does not push (no IDLE), and the IDLE safety net. */
    readonly pollSeconds: number;
    /** Whether this instance fetches IMAP mailboxes (MAILBOX_FETCH=off leaves it to other instances). */
    readonly fetch: boolean;
    /** The SMTP receiver for forwarded mail; null: not listening. */
    readonly smtpReceiver: { readonly port: number; readonly host: string; readonly allow: readonly string[] | null } | null;
  };
  readonly sessionTtlMs: number;
  /** How long an agent's invitation link stays valid. */
  readonly invitationTtlHours: number;
  readonly cookieSecure: boolean;
  readonly trustProxy: string;
  readonly logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  readonly dbDebug: boolean;
  /** How often periodic jobs (waking postponed tickets) run; 0 turns them off. */
  readonly jobIntervalMs: number;
  /** How many days a ticket stays in the trash before it is purged for good. */
  readonly trashRetentionDays: number;
  readonly realtime: {
    /** How long an agent's last connection may be gone before others hear they left (a reload reconnects sooner). */
    readonly presenceGraceMs: number;
    /** How long "typing" lasts without being renewed. */
    readonly typingLapseMs: number;
  };
  readonly visitors: {
    /** Signs visitor tokens; null means the one generated and kept in the data directory (see visitor-token.ts). */
    readonly tokenSecret: string | null;
    readonly tokenTtlMs: number;
  };
  readonly chats: {
    /** How long a chat rings in its department before every eligible agent of any department is offered it. */
    readonly offerWaitSeconds: number;
    /** How long a chat's agent may be without a connected console before the chat goes back to the queue. */
    readonly ownerGraceSeconds: number;
  };
}

export class ConfigError extends Error {}

export function parseDatabaseUrl(url: string, dataDir: string): DatabaseConfig {
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgresql', url };
  const match = /^(sqlite|file):(.*)$/.exec(url);
  if (!match) throw new ConfigError(`DATABASE_URL: expected sqlite:<path> or postgres://…, got "${url}"`);
  const path = match[2] ?? '';
  if (path === ':memory:') return { kind: 'sqlite', path };
  return { kind: 'sqlite', path: resolve(path.length > 0 ? path : resolve(dataDir, 'parley.sqlite')) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if ((e.PARLEY_ADMIN_EMAIL === undefined) !== (e.PARLEY_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration:\n  PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD go together: set both or neither');
  }
  const dataDir = resolve(e.PARLEY_DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    database: e.DATABASE_URL ? parseDatabaseUrl(e.DATABASE_URL, dataDir) : { kind: 'sqlite', path: resolve(dataDir, 'parley.sqlite') },
    redisUrl: e.REDIS_URL ?? null,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    dataDir,
    storageDir: resolve(dataDir, 'attachments'),
    admin:
      e.PARLEY_ADMIN_EMAIL && e.PARLEY_ADMIN_PASSWORD
        ? { email: e.PARLEY_ADMIN_EMAIL.toLowerCase(), password: e.PARLEY_ADMIN_PASSWORD, name: e.PARLEY_ADMIN_NAME }
        : null,
    agentWebDir: e.PARLEY_AGENT_WEB_DIR ? resolve(e.PARLEY_AGENT_WEB_DIR) : null,
    chatWidgetDir: e.PARLEY_CHAT_WIDGET_DIR ? resolve(e.PARLEY_CHAT_WIDGET_DIR) : null,
    widgetFrameAncestors: frameAncestors(e.WIDGET_FRAME_ANCESTORS),
    limits: {
      uploadBytes: e.MAX_UPLOAD_BYTES,
      jsonBytes: e.MAX_JSON_BYTES,
      mailBytes: e.MAX_MAIL_BYTES,
      signInAttemptsPer15Min: e.SIGN_IN_ATTEMPTS_PER_15_MIN,
      socketsPerVisitor: e.VISITOR_SOCKETS_PER_VISITOR,
      visitorSocketsPerAddress: e.VISITOR_SOCKETS_PER_ADDRESS,
      socketsPerAgentSession: e.AGENT_SOCKETS_PER_SESSION,
      signInAttemptsPerAccountPerHour: e.SIGN_IN_ATTEMPTS_PER_ACCOUNT_PER_HOUR,
      publicFormRequestsPerHour: e.PUBLIC_FORM_REQUESTS_PER_HOUR,
      portalSignInRequestsPerHour: e.PORTAL_SIGN_IN_REQUESTS_PER_HOUR,
      visitorRequestsPerHour: e.VISITOR_REQUESTS_PER_HOUR,
      visitorCommandsPerMinute: e.VISITOR_COMMANDS_PER_MINUTE,
      visitorUploadBytes: Math.min(e.VISITOR_MAX_UPLOAD_BYTES, e.MAX_UPLOAD_BYTES),
      visitorUploadsPerHour: e.VISITOR_UPLOADS_PER_HOUR,
    },
    mail: e.SMTP_URL ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM ?? `Parley <noreply@${new URL(publicUrl).hostname}>` } : null,
    mailboxes: {
      credentialsKey: e.MAIL_CREDENTIALS_KEY ? Buffer.from(e.MAIL_CREDENTIALS_KEY, 'base64') : null,
      pollSeconds: e.MAIL_POLL_SECONDS,
      fetch: e.MAILBOX_FETCH === 'on',
      smtpReceiver:
        e.SMTP_RECEIVER_PORT === undefined
          ? null
          : { port: e.SMTP_RECEIVER_PORT, host: e.SMTP_RECEIVER_HOST, allow: allowList(e.SMTP_RECEIVER_ALLOW) },
    },
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    invitationTtlHours: e.INVITATION_TTL_HOURS,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? publicUrl.startsWith('https://') : e.COOKIE_SECURE === 'true',
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    dbDebug: e.DB_DEBUG === 'true',
    jobIntervalMs: e.JOB_INTERVAL_MS,
    trashRetentionDays: e.TRASH_RETENTION_DAYS,
    realtime: { presenceGraceMs: e.PRESENCE_GRACE_MS, typingLapseMs: e.TYPING_LAPSE_MS },
    visitors: { tokenSecret: e.VISITOR_TOKEN_SECRET ?? null, tokenTtlMs: Math.round(e.VISITOR_TOKEN_TTL_DAYS * 86_400_000) },
    chats: { offerWaitSeconds: e.CHAT_OFFER_WAIT_SECONDS, ownerGraceSeconds: e.CHAT_OWNER_GRACE_SECONDS },
    calls: iceConfig(e.STUN_URLS, e.TURN_URLS, e.TURN_SECRET, e.TURN_TTL_SECONDS),
  };
}

/** STUN_URLS and TURN_URLS: stun:, turn: or turns: URLs; TURN needs TURN_SECRET to make credentials from. */
function iceConfig(stun: string | undefined, turn: string | undefined, secret: string | undefined, ttlSeconds: number): Config['calls'] {
  const urls = (value: string | undefined, name: string, pattern: RegExp) => {
    const list = (value ?? '').split(/[\s,]+/).filter(Boolean);
    for (const url of list) if (!pattern.test(url)) throw new ConfigError(`Invalid configuration:\n  ${name}: "${url}" is not a ${pattern === STUN_URL ? 'stun:' : 'turn: or turns:'} URL`);
    return list;
  };
  const turnUrls = urls(turn, 'TURN_URLS', TURN_URL);
  if (turnUrls.length > 0 && !secret) throw new ConfigError('Invalid configuration:\n  TURN_URLS: set TURN_SECRET as well (the shared secret of the TURN server)');
  return { stunUrls: urls(stun, 'STUN_URLS', STUN_URL), turnUrls, turnSecret: secret ?? null, turnTtlSeconds: ttlSeconds };
}
const STUN_URL = /^stuns?:[A-Za-z0-9.[\]:-]+(\?[\w=&]+)?$/;
const TURN_URL = /^turns?:[A-Za-z0-9.[\]:-]+(\?transport=(udp|tcp))?$/;

/** WIDGET_FRAME_ANCESTORS: `*`, or origins separated by spaces or commas; anything else in it (quotes, semicolons) is refused. */
function frameAncestors(value: string | undefined): string {
  const sources = (value ?? '*').split(/[\s,]+/).filter(Boolean);
  if (sources.length === 0) return '*';
  for (const source of sources) {
    if (source !== '*' && !/^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d+)?$/.test(source)) {
      throw new ConfigError(`Invalid configuration:\n  WIDGET_FRAME_ANCESTORS: "${source}" is not * or an http(s) origin`);
    }
  }
  return sources.join(' ');
}

/** SMTP_RECEIVER_ALLOW: addresses or CIDR blocks (IPv4 or IPv6) separated by spaces or commas; unset: any client. */
function allowList(value: string | undefined): string[] | null {
  const entries = (value ?? '').split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) return null;
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const family = address ? isIP(address) : 0;
    const bits = prefix === undefined ? null : Number(prefix);
    if (family === 0 || extra !== undefined || (bits !== null && (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)))) {
      throw new ConfigError(`Invalid configuration:\n  SMTP_RECEIVER_ALLOW: "${entry}" is not an IP address or CIDR block`);
    }
  }
  return entries;
}
