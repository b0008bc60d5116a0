import { KEEP_PREPARED } from '../db/keep-prepared.js';
import type { Orm } from '../db/orm.js';

/**
 * Counts the SQL statements the server sends to its database, at the driver (better-sqlite3's statements,
 * pg's `Client#query`) rather than at MikroORM's logger: the server also runs prepared statements on
 * SQLite's own handle, which the ORM never sees, and begin/commit count like any other round trip.
 */
export interface StatementCounter {
  /** Statements since the last reset, oldest first. */
  readonly statements: readonly string[];
  /**
   * The connection each of `statements` ran on (pg's client, better-sqlite3's database), by index: work on
   * other connections (a fold, presence) interleaves with a request's own.
   */
  readonly connections: readonly unknown[];
  reset(): void;
  /** Undoes the patches. */
  stop(): void;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

function patch(target: Record<string, unknown>, names: readonly string[], record: (self: unknown, args: unknown[]) => void): () => void {
  const originals = names.map((name) => [name, target[name] as Method] as const);
  for (const [name, original] of originals) {
    target[name] = function (this: unknown, ...args: unknown[]) {
      record(this, args);
      return original.apply(this, args);
    };
  }
  return () => {
    for (const [name, original] of originals) target[name] = original;
  };
}

/** Starts counting every statement the ORM's connection (and whatever shares its driver) runs in this process. */
export async function countStatements(orm: Orm): Promise<StatementCounter> {
  const recorded: string[] = [];
  const connections: unknown[] = [];
  // Recorded without the KEEP_PREPARED marker, so each begins with its verb.
  const statements = {
    push: (sql: string, connection: unknown) => {
      recorded.push(sql.startsWith(KEEP_PREPARED) ? sql.slice(KEEP_PREPARED.length) : sql);
      connections.push(connection);
    },
  };
  const native = (await (orm.em.getConnection() as unknown as { getNativeClient(): Promise<unknown> }).getNativeClient()) as Record<string, unknown>;
  const unpatch: (() => void)[] = [];
  if (typeof native.prepare === 'function') {
    // better-sqlite3: every statement, the ORM's and the server's own prepared ones, runs through one of these.
    const probe = (native.prepare as (sql: string) => object).call(native, 'select 1');
    const statementPrototype = Object.getPrototypeOf(probe) as Record<string, unknown>;
    unpatch.push(patch(statementPrototype, ['run', 'get', 'all', 'iterate'], (self) => statements.push((self as { source: string }).source, (self as { database: unknown }).database)));
    unpatch.push(patch(Object.getPrototypeOf(native) as Record<string, unknown>, ['exec'], (self, args) => statements.push(String(args[0]), self)));
  } else {
    // pg's Pool: every pooled client is a `Client`, whose `query` is the one way a statement leaves.
    const { Client } = native as { Client: { prototype: Record<string, unknown> } };
    unpatch.push(
      patch(Client.prototype, ['query'], (self, args) => {
        const query = args[0];
        statements.push(typeof query === 'string' ? query : String((query as { text?: string }).text ?? '<query object>'), self);
      }),
    );
  }
  return {
    statements: recorded,
    connections,
    reset: () => {
      recorded.length = 0;
      connections.length = 0;
    },
    stop: () => {
      for (const undo of unpatch.reverse()) undo();
    },
  };
}

/** Groups statements by their first word (select, insert, begin…), for a one-line summary. */
export function summarize(statements: readonly string[]): string {
  const byVerb = new Map<string, number>();
  for (const sql of statements) {
    const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? '?';
    byVerb.set(verb, (byVerb.get(verb) ?? 0) + 1);
  }
  return [...byVerb].map(([verb, n]) => `${n} ${verb}`).join(', ');
}
