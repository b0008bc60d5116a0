import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database, Sql } from './sql.js';
import { KEEP_PREPARED } from './keep-prepared.js';

/**
 * A hot query built with the query builder once per database, then run with new values: building and
 * compiling a Kysely query costs more than SQLite takes to run it, and the text is the same every time.
 *
 * The query is built once with a marker in place of each value; the compiled parameters are then a list in
 * which each marker stands for a named value, filled in on every run. Markers begin with U+0000, which no
 * stored text may contain (db/text-safety.ts), so they cannot be mistaken for a real value. The text is
 * marked KEEP_PREPARED: SQLite keeps the statement compiled, PostgreSQL runs it as a named statement.
 */
export class PreparedQuery<Values extends Record<string, unknown>, Row> {
  readonly #compiled = new Map<Sql['dialect'], { compiled: CompiledQuery<Row>; names: (keyof Values | null)[] }>();

  constructor(
    private readonly build: (db: Kysely<Database>, value: <K extends keyof Values>(name: K) => Values[K], dialect: Sql['dialect']) => Compilable<Row>,
  ) {}

  #compile(sql: Sql): { compiled: CompiledQuery<Row>; names: (keyof Values | null)[] } {
    let entry = this.#compiled.get(sql.dialect);
    if (!entry) {
      const marker = (name: PropertyKey) => `\u0000${String(name)}`;
      const built = this.build(sql.db, (name) => marker(name) as never, sql.dialect).compile();
      // One text per query and database, run on every request that needs it: kept prepared on both.
      const compiled = { ...built, sql: KEEP_PREPARED + built.sql };
      const names = compiled.parameters.map((p) => (typeof p === 'string' && p.startsWith('\u0000') ? (p.slice(1) as keyof Values) : null));
      entry = { compiled, names };
      this.#compiled.set(sql.dialect, entry);
    }
    return entry;
  }

  /** Runs the query on `sql`'s connection (its transaction, if any) with these values. */
  async execute(sql: Sql, values: Values): Promise<Row[]> {
    const { compiled, names } = this.#compile(sql);
    const parameters = names.map((name, i) => (name === null ? compiled.parameters[i] : values[name]));
    const result = await sql.db.executeQuery<Row>({ ...compiled, parameters });
    return result.rows as Row[];
  }
}
