import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AGENT_AVAILABILITIES, AGENT_ROLES, DEFAULT_AVAILABILITY, DEFAULT_MAX_CONCURRENT_CHATS, type EmailNotificationSettings } from '@parley/domain';
import { Department } from '../organisation/department.entity.js';

export const Agent = defineEntity({
  name: 'Agent',
  tableName: 'agent',
  properties: {
    id: p.integer().primary().autoincrement(),
    email: p.string().length(254).unique(),
    name: p.string().length(200),
    passwordHash: p.string().length(200).hidden(),
    role: p.enum([...AGENT_ROLES]).default('agent'),
    active: p.boolean().default(true),
    locale: p.string().length(8).default('en'),
    /** What the agent says about themselves (online, away, offline); whether they are connected is read from their sockets. */
    availability: p.enum([...AGENT_AVAILABILITIES]).default(DEFAULT_AVAILABILITY),
    /** How many chats routing gives the agent at once. */
    maxConcurrentChats: p.integer().default(DEFAULT_MAX_CONCURRENT_CHATS),
    /** Which notification emails the agent wants (missing keys take the defaults). */
    emailNotifications: p.json<Partial<EmailNotificationSettings>>().nullable(),
    /** When the agent last took a chat: routing rings the longest idle first. */
    lastChatAt: p.datetime().nullable(),
    /** The sha256 of the pending invitation link's token; null once accepted (or for an agent added with a password). */
    invitationTokenHash: p.string().length(64).nullable().unique().hidden(),
    /** When the pending invitation link lapses; null when no invitation is pending. */
    invitationExpiresAt: p.datetime().nullable(),
    /** The sha256 of the pending password reset link's token; null when none is pending (a used link is cleared). */
    passwordResetTokenHash: p.string().length(64).nullable().unique().hidden(),
    /** When the pending password reset link lapses. */
    passwordResetExpiresAt: p.datetime().nullable(),
    /** The confirmed TOTP secret (base32) of two-factor sign-in; null when it is off. */
    totpSecret: p.string().length(200).nullable().hidden(),
    /** A secret being enrolled, until a code from the app confirms it. */
    totpPendingSecret: p.string().length(200).nullable().hidden(),
    /** When two-factor sign-in was turned on; null when off. */
    totpEnabledAt: p.datetime().nullable(),
    /** The last 30-second step a code was accepted for: a code seen once cannot be replayed. */
    totpLastStep: p.integer().nullable().hidden(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type Agent = InferEntity<typeof Agent>;

/** Department membership, kept as its own table so "agents of department X" and "departments of agent Y" are both one indexed read. */
export const AgentDepartment = defineEntity({
  name: 'AgentDepartment',
  tableName: 'agent_department',
  properties: {
    agent: () => p.manyToOne(Agent).mapToPk().primary().fieldName('agent_id').deleteRule('cascade'),
    department: () => p.manyToOne(Department).mapToPk().primary().fieldName('department_id').deleteRule('cascade').index(),
  },
});
export type AgentDepartment = InferEntity<typeof AgentDepartment>;

export const Session = defineEntity({
  name: 'Session',
  tableName: 'session',
  properties: {
    id: p.integer().primary().autoincrement(),
    tokenHash: p.string().length(64).unique(),
    csrfToken: p.string().length(64),
    agent: () => p.manyToOne(Agent).mapToPk().fieldName('agent_id').deleteRule('cascade').index(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    /** When a request last came with this session (stamped at most once a minute); shown in the agent's session list. */
    lastSeenAt: p.datetime().nullable(),
    /** The address and browser the session was opened from, so the agent can tell their sessions apart. */
    ipAddress: p.string().length(64).nullable(),
    userAgent: p.string().length(500).nullable(),
  },
});
export type Session = InferEntity<typeof Session>;

export const ApiToken = defineEntity({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(200),
    tokenHash: p.string().length(64).unique(),
    agent: () => p.manyToOne(Agent).mapToPk().fieldName('agent_id').deleteRule('cascade').index(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
  },
});
export type ApiToken = InferEntity<typeof ApiToken>;

/** Small pieces of installation state (the pending one-time setup token). */
export const SystemSetting = defineEntity({
  name: 'SystemSetting',
  tableName: 'system_setting',
  properties: {
    key: p.string().length(100).primary(),
    value: p.text(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type SystemSetting = InferEntity<typeof SystemSetting>;
