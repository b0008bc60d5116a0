/**
 * Committed writes to the tables that decide what a credential proves: who a session or an API token belongs
 * to, whether that agent is active, their role and departments, whether they owe two-factor enrolment. What
 * authentication keeps in memory (modules/agents/credential-cache.ts) is forgotten whenever one commits.
 *
 * The drivers look at every statement they run, whoever wrote it (the unit of work, the query builder, raw
 * SQL, a cascade from a deleted department or agent), so no code path that changes these rows can forget to
 * say so. The listeners run once the write has committed, so a request that reads the rows afterwards sees
 * the change; a write that rolls back may still be reported: forgetting is always safe, and a statement
 * taken for a credential write by mistake costs only a cache miss.
 */
const CREDENTIAL_TABLES = ['session', 'api_token', 'agent', 'agent_department', 'department', 'system_setting'] as const;

/**
 * The columns of a table whose change changes what a credential proves (what principal.repository.ts reads).
 * Updates of other columns (a session's "last seen", a token's "last used", an agent's last chat or
 * availability, all frequent) change nothing authentication keeps. Tables not listed here: every write counts.
 */
const PROVING_COLUMNS: Partial<Record<(typeof CREDENTIAL_TABLES)[number], readonly string[]>> = {
  session: ['token_hash', 'expires_at', 'agent_id', 'csrf_token'],
  api_token: ['token_hash', 'agent_id'],
  agent: ['role', 'active', 'totp_enabled_at'],
};

const LEADING_COMMENTS = /^\s*(?:\/\*[\s\S]*?\*\/\s*)+/;
const WRITE = /^\s*(?:insert|update|delete|replace|with|merge|truncate|alter|drop)\b/i;
const TABLES = CREDENTIAL_TABLES.join('|');
/** A credential table where a statement names a table it writes (or reads from: then a false positive). */
const NAMES_A_CREDENTIAL_TABLE = new RegExp(`\\b(?:into|update|from|table|truncate)\\s+(?:only\\s+)?[\`"]?(?:${TABLES})[\`"]?(?![\\w$])`, 'i');
const PLAIN_UPDATE = new RegExp(`^\\s*update\\s+[\`"]?(${TABLES})[\`"]?\\s+(?:as\\s+\\S+\\s+)?set\\s`, 'i');
const PLAIN_INSERT = new RegExp(`^\\s*insert\\s+into\\s+[\`"]?(${TABLES})[\`"]?[\\s(]`, 'i');
const assigned = (columns: readonly string[]) => new RegExp(`[\`".\\s,(](?:${columns.join('|')})[\`"]?\\s*=`, 'i');
const ASSIGNS_PROVING_COLUMN = Object.fromEntries(Object.entries(PROVING_COLUMNS).map(([table, columns]) => [table, assigned(columns)])) as Record<string, RegExp>;

/** Whether a statement may change what a credential proves. */
export function writesCredentials(statement: string): boolean {
  // Leading comments (the mark of a statement kept prepared) say nothing of what it writes.
  const sql = statement.replace(LEADING_COMMENTS, '');
  if (!WRITE.test(sql) || !NAMES_A_CREDENTIAL_TABLE.test(sql)) return false;
  const update = PLAIN_UPDATE.exec(sql);
  if (update) {
    const proving = ASSIGNS_PROVING_COLUMN[update[1]!.toLowerCase()];
    return !proving || proving.test(sql);
  }
  // A new session or token is no one's kept credential yet.
  const insert = PLAIN_INSERT.exec(sql);
  if (insert && /^(?:session|api_token)$/i.test(insert[1]!) && !/\bon\s+conflict\b/i.test(sql)) return false;
  return true;
}

export class CredentialWrites {
  readonly #listeners: (() => void)[] = [];

  /** `listener` runs after every commit that wrote what a credential proves. */
  onCommitted(listener: () => void): void {
    this.#listeners.push(listener);
  }

  committed(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** One watch per ORM, found from its configuration (the drivers are built inside MikroORM, from it). */
const watches = new WeakMap<object, CredentialWrites>();

export function credentialWritesOf(ormConfig: object): CredentialWrites {
  let watch = watches.get(ormConfig);
  if (!watch) {
    watch = new CredentialWrites();
    watches.set(ormConfig, watch);
  }
  return watch;
}
