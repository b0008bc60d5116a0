/** The part of a `pg` client this module needs (its query method as Kysely calls it, and its socket). */
interface PipelinedClient {
  query: (...args: unknown[]) => unknown;
  readonly connection: { readonly stream: { cork(): void; uncork(): void } };
}

interface ClientPool {
  on(event: 'connect', listener: (client: PipelinedClient) => void): unknown;
}

/** What `pg` answers a statement that returns no rows, as Kysely reads it (command, rowCount, rows). */
const emptyResult = (command: string) => ({ command, rowCount: null, rows: [], fields: [] });

const isBare = (config: unknown, values: unknown, rest: readonly unknown[], text: string) =>
  rest.length === 0 && config === text && (values === undefined || (Array.isArray(values) && values.length === 0));

/**
 * The pool's options for this module: its clients pipeline (`pg`'s pipeline mode sends a query without
 * waiting for the answers to those before it; each still has its own sync point and answer).
 */
export const PIPELINED_POOL = { pipeline: true } as const;

/**
 * A transaction's `begin` goes out with its first statement, in one write, instead of a round trip of its
 * own: Kysely's `begin` is answered at once and kept; the next query on the connection sends it first.
 * Every transaction saves one round trip (a write and a read on each side, about 90 µs of system time on
 * the bench's machine: a ticket's creation was four round trips, now three). A transaction that ends with
 * nothing run sends neither its `begin` nor its `commit`/`rollback`. Nothing else changes: PostgreSQL takes
 * a transaction's snapshot at its first statement anyway, and a `begin` that fails (a broken connection)
 * fails the statement it was sent with. Needs PIPELINED_POOL; only texts exactly `begin` are deferred (a
 * `start transaction …` with an isolation level goes out as it comes).
 */
export function deferBegins(pool: ClientPool): void {
  pool.on('connect', (client) => {
    // Whatever wraps the client's query already (named statements, a statement counter) sees every statement.
    const send = client.query.bind(client);
    let pendingBegin = false;
    client.query = (config: unknown, values?: unknown, ...rest: unknown[]) => {
      if (!pendingBegin) {
        if (!isBare(config, values, rest, 'begin')) return send(config, values, ...rest);
        pendingBegin = true;
        return Promise.resolve(emptyResult('BEGIN'));
      }
      pendingBegin = false;
      if (isBare(config, values, rest, 'commit')) return Promise.resolve(emptyResult('COMMIT'));
      if (isBare(config, values, rest, 'rollback')) return Promise.resolve(emptyResult('ROLLBACK'));
      const stream = client.connection.stream;
      stream.cork();
      let began: Promise<unknown>;
      let answer: unknown;
      try {
        began = send('begin', []) as Promise<unknown>;
        answer = send(config, values, ...rest);
      } finally {
        stream.uncork();
      }
      if (!(answer instanceof Promise)) {
        // A submittable (a cursor) reports its own failure; the begin's, if any, is the connection's.
        began.catch(() => undefined);
        return answer;
      }
      return began.then(
        () => answer,
        (error: unknown) => {
          answer.catch(() => undefined);
          throw error;
        },
      );
    };
  });
}
