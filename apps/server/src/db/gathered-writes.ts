import { type Compilable, createQueryId, type OperationNodeSource, type RootOperationNode, sql as sqlTag } from 'kysely';
import type { Sql } from './sql.js';

/** A write statement built with the query builder (an insert, update or delete, or a raw one). */
type Write = OperationNodeSource;

/**
 * Writes whose results no code reads, sent with the next statement that must run. On PostgreSQL each
 * statement is a round trip (and a write syscall on either side), which costs more than the rows it writes,
 * so gathered writes go to the database as data-modifying WITHs of that statement; SQLite has neither round
 * trips to save nor data-modifying WITHs, so each runs when it is handed over.
 *
 * On PostgreSQL the gathered writes and the statement carrying them see one snapshot and none sees another's
 * effects: hand over only writes to different rows, and read what they wrote only after `run` or the end.
 */
export class GatheredWrites {
  #pending: Write[] = [];

  constructor(private readonly q: Sql) {}

  /** Whether writes wait for the next statement (PostgreSQL) rather than running when handed over. */
  get gathers(): boolean {
    return this.q.dialect === 'postgresql';
  }

  /** Hands over a write: run now on SQLite, with the next statement on PostgreSQL. */
  async add(write: Write): Promise<void> {
    if (this.gathers) this.#pending.push(write);
    else await runAlone(this.q, write);
  }

  /** Runs `statement` with every write gathered so far (PostgreSQL: as WITHs of it); answers its rows. */
  async run<Row>(statement: OperationNodeSource & Compilable<Row>): Promise<Row[]> {
    const pending = this.#take();
    if (pending.length === 0) return runAlone<Row>(this.q, statement);
    return (await sqlTag<Row>`with ${withs(pending)} ${statement}`.execute(this.q.db)).rows as Row[];
  }

  /** Runs whatever is still gathered, in one statement. */
  async flush(): Promise<void> {
    const pending = this.#take();
    if (pending.length === 0) return;
    if (pending.length === 1) await runAlone(this.q, pending[0]!);
    else await sqlTag`with ${withs(pending.slice(0, -1))} ${pending[pending.length - 1]!}`.execute(this.q.db);
  }

  #take(): Write[] {
    const pending = this.#pending;
    this.#pending = [];
    return pending;
  }
}

/**
 * `work` with writes gathered on `q`'s connection; whatever it leaves gathered runs before this settles. If
 * `work` throws, nothing more is sent: the transaction it runs in is failing anyway.
 */
export async function withGatheredWrites<T>(q: Sql, work: (writes: GatheredWrites) => Promise<T>): Promise<T> {
  const writes = new GatheredWrites(q);
  const result = await work(writes);
  await writes.flush();
  return result;
}

/** A statement (query builder's or raw) on its own, as built: inside a raw one a select would be parenthesised, which SQLite refuses. */
export async function runAlone<Row>(q: Sql, statement: OperationNodeSource): Promise<Row[]> {
  const compiled = q.db.getExecutor().compileQuery<Row>(statement.toOperationNode() as RootOperationNode, createQueryId());
  return (await q.db.executeQuery<Row>(compiled)).rows as Row[];
}

function withs(writes: readonly Write[]) {
  return sqlTag.join(writes.map((write, i) => sqlTag`${sqlTag.id(`gathered_${i}`)} as (${write})`));
}
