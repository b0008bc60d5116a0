import { KEEP_PREPARED } from './keep-prepared.js';

/** The part of a `pg` client this module needs: its query method, called by Kysely as (text, values). */
interface QueryingClient {
  query: (...args: unknown[]) => unknown;
}

interface ClientPool {
  on(event: 'connect', listener: (client: QueryingClient) => void): unknown;
}

/**
 * Distinct texts given a name at most. Each name is prepared once on each pooled connection and stays there
 * while the connection lives, so this bounds what the server keeps per connection; texts beyond it run
 * unnamed, as every other statement does.
 */
const CAPACITY = 500;
const names = new Map<string, string>();

function nameOf(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= CAPACITY) return known;
  const name = `parley_${names.size + 1}`;
  names.set(text, name);
  return name;
}

/**
 * Runs the statements marked KEEP_PREPARED (the hot ones: an API token's principal, a ticket locked for a
 * change, "To solve"'s candidates) as named prepared statements on PostgreSQL. An unnamed statement is
 * parsed and planned on every run; a named one is parsed once per connection, and PostgreSQL reuses its
 * plan (always for a statement without parameters, after five runs for one with them when the generic plan
 * is no worse). Same text, same values, same result: only the protocol differs.
 */
export function nameKeptStatements(pool: ClientPool): void {
  pool.on('connect', (client) => {
    // The class's own method, looked up on each call: whatever wraps it there (a statement counter) still sees every statement.
    const prototype = Object.getPrototypeOf(client) as QueryingClient;
    const query = (...args: unknown[]) => prototype.query.apply(client, args);
    let naming = true;
    client.query = (config: unknown, values?: unknown, ...rest: unknown[]) => {
      if (naming && rest.length === 0 && typeof config === 'string' && Array.isArray(values) && config.startsWith(KEEP_PREPARED)) {
        const name = nameOf(config);
        if (name !== undefined) {
          return (query({ name, text: config, values }) as Promise<unknown>).catch((error: unknown) => {
            // A migration by another instance changed a table under a kept plan ("cached plan must not change
            // result type"): this query fails as any statement on a changed table would, and this connection
            // stops naming, so the next ones are planned afresh.
            if ((error as { code?: string }).code === '0A000') naming = false;
            throw error;
          });
        }
      }
      return query(config, values, ...rest);
    };
  });
}
