import { DriverException } from '@mikro-orm/core';
import { SqlitePlatform } from '@mikro-orm/sql';
import type { InferKyselyDB } from '@mikro-orm/sql';
import type { Kysely } from 'kysely';
import type { ApiToken, Agent, AgentDepartment, Session, SystemSetting } from '../modules/agents/agent.entity.js';
import type { Attachment } from '../modules/attachments/attachment.entity.js';
import type { ChatSession } from '../modules/chats/chat-session.entity.js';
import type { Visitor } from '../modules/chats/visitor.entity.js';
import type { Contact, ContactEmail } from '../modules/contacts/contact.entity.js';
import type { EmailMessage, InboundMail } from '../modules/email/email.entity.js';
import type { ThreadItem, Ticket, TicketTag } from '../modules/tickets/ticket.entity.js';
import type { AutoAssignmentTurn, DepartmentAutoAssignment, TimeRuleFiring } from '../modules/automation/automation.entity.js';
import type { Mailbox } from '../modules/mailboxes/mailbox.entity.js';
import type { Department } from '../modules/organisation/department.entity.js';
import type { SatisfactionSurvey } from '../modules/satisfaction/satisfaction.entity.js';
import type { StatisticsDaily, StatisticsDaySummary, StatisticsFact, StatisticsMonthly, StatisticsPresence, StatisticsQuarterly, StatisticsRollup, StatisticsYearly, StatisticsZone } from '../modules/statistics/statistics.entity.js';
import type { Em } from './orm.js';

/** The tables the query-builder paths touch, typed from the entity definitions (table and column names). */
export type Database = InferKyselyDB<
  | typeof Ticket
  | typeof ThreadItem
  | typeof TicketTag
  | typeof Contact
  | typeof ContactEmail
  | typeof Attachment
  | typeof EmailMessage
  | typeof InboundMail
  | typeof Visitor
  | typeof ChatSession
  | typeof Agent
  | typeof AgentDepartment
  | typeof ApiToken
  | typeof Session
  | typeof SystemSetting
  | typeof TimeRuleFiring
  | typeof DepartmentAutoAssignment
  | typeof AutoAssignmentTurn
  | typeof Mailbox
  | typeof Department
  | typeof StatisticsFact
  | typeof StatisticsRollup
  | typeof StatisticsDaily
  | typeof StatisticsMonthly
  | typeof StatisticsQuarterly
  | typeof StatisticsYearly
  | typeof StatisticsDaySummary
  | typeof StatisticsZone
  | typeof SatisfactionSurvey
  | typeof StatisticsPresence
>;

/**
 * How each database stores what the entities map, for queries written with the query builder: SQLite keeps
 * dates as epoch milliseconds, booleans as 0/1 and JSON as text; PostgreSQL has timestamptz, boolean and
 * jsonb. Values are always bound as parameters, never rendered into the SQL text.
 */
export interface ValueCodec {
  date(value: Date): Date | number;
  dateOrNull(value: Date | null | undefined): Date | number | null;
  bool(value: boolean): boolean | number;
  json(value: unknown): string;
  jsonOrNull(value: unknown): string | null;
  readDate(value: unknown): Date;
  readDateOrNull(value: unknown): Date | null;
  readBool(value: unknown): boolean;
  readJson<T>(value: unknown): T;
  readJsonOrNull<T>(value: unknown): T | null;
  readInt(value: unknown): number;
  readIntOrNull(value: unknown): number | null;
}

const common = {
  readDate(value: unknown): Date {
    // SQLite: epoch milliseconds; PostgreSQL (MikroORM's type parsers): timestamptz as text.
    if (value instanceof Date) return value;
    return typeof value === 'number' || typeof value === 'bigint' ? new Date(Number(value)) : new Date(String(value));
  },
  readDateOrNull(value: unknown): Date | null {
    return value === null || value === undefined ? null : common.readDate(value);
  },
  readBool(value: unknown): boolean {
    return value === true || value === 1 || value === 1n;
  },
  readJson<T>(value: unknown): T {
    return (typeof value === 'string' ? JSON.parse(value) : value) as T;
  },
  readJsonOrNull<T>(value: unknown): T | null {
    return value === null || value === undefined ? null : common.readJson<T>(value);
  },
  json(value: unknown): string {
    return JSON.stringify(value);
  },
  jsonOrNull(value: unknown): string | null {
    return value === null || value === undefined ? null : JSON.stringify(value);
  },
  readInt(value: unknown): number {
    return Number(value);
  },
  readIntOrNull(value: unknown): number | null {
    return value === null || value === undefined ? null : Number(value);
  },
};

const sqliteCodec: ValueCodec = {
  ...common,
  date: (value) => value.getTime(),
  dateOrNull: (value) => (value ? value.getTime() : null),
  bool: (value) => (value ? 1 : 0),
};

const postgresCodec: ValueCodec = {
  ...common,
  date: (value) => value,
  dateOrNull: (value) => value ?? null,
  bool: (value) => value,
};

export interface Sql {
  /** Kysely on the entity manager's own connection, inside its transaction when it has one. */
  readonly db: Kysely<Database>;
  readonly values: ValueCodec;
  readonly dialect: 'sqlite' | 'postgresql';
}

/**
 * The query builder for hot paths: the same connection and transaction as the entity manager's, so it
 * can never wait for a connection its own unit of work holds, and written once for both databases.
 */
export function sql(em: Em): Sql {
  const sqlite = em.getPlatform() instanceof SqlitePlatform;
  return { db: em.getKysely<Database>(), values: sqlite ? sqliteCodec : postgresCodec, dialect: sqlite ? 'sqlite' : 'postgresql' };
}

/**
 * Runs a query-builder statement and turns the driver's errors into MikroORM's exception types
 * (UniqueConstraintViolationException, ForeignKeyConstraintViolationException, …), as the ORM's own queries
 * raise them, so callers handle constraint refusals one way whichever API wrote the row.
 */
export async function orOrmError<T>(em: Em, query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    // Driver errors (better-sqlite3's SqliteError, pg's DatabaseError) carry a string code; ours do not.
    if (error instanceof Error && !(error instanceof DriverException) && typeof (error as { code?: unknown }).code === 'string') {
      throw em.getDriver().convertException(error);
    }
    throw error;
  }
}
