import type { DatabaseConfig } from './config/env.js';

export interface StartFacts {
  readonly publicUrl: string;
  /** The address the HTTP server listens on; tests and the benchmarks find it after "listening on". */
  readonly listeningUrl: string;
  readonly database: DatabaseConfig;
  /** Set when no administrator exists yet: the one-time token of the setup link. */
  readonly setupToken: string | null;
  /** The administrator this start created from PARLEY_ADMIN_*; null when none was. */
  readonly createdAdministrator: string | null;
  /** PARLEY_ADMIN_EMAIL, when set: named as ignored if administrators existed already. */
  readonly configuredAdministrator: string | null;
}

/** Which database the server opened, as an operator would look for it: the file, or the URL without its password. */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.kind === 'sqlite') return database.path === ':memory:' ? 'SQLite in memory' : `SQLite database ${database.path}`;
  return `PostgreSQL database ${withoutPassword(database.url)}`;
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    // Not a URL the WHATWG parser takes: still never show what sits between "user:" and "@".
    return url.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1@');
  }
}

/**
 * What `npm start` prints once the server listens: where it runs, which database it opened, and how to sign in —
 * naming an administrator only when this start created them.
 */
export function startMessage(facts: StartFacts): string {
  const { publicUrl } = facts;
  const lines = ['', `Parley is running at ${publicUrl} (listening on ${facts.listeningUrl}, ${describeDatabase(facts.database)}).`];
  if (facts.setupToken) {
    lines.push('No administrator exists yet. Open this one-time link to create the first one:');
    lines.push(`  ${publicUrl}/setup?token=${facts.setupToken}`);
    lines.push('(or POST /api/v1/auth/setup with {"token","name","email","password"}).');
  } else if (facts.createdAdministrator) {
    lines.push(`Created the administrator ${facts.createdAdministrator} (PARLEY_ADMIN_EMAIL): sign in at ${publicUrl} with it and PARLEY_ADMIN_PASSWORD.`);
  } else {
    lines.push(`Sign in at ${publicUrl} with an administrator's email and password.`);
    if (facts.configuredAdministrator) {
      lines.push(`(PARLEY_ADMIN_EMAIL=${facts.configuredAdministrator} was not used: this database has administrators already.)`);
    }
  }
  lines.push(`API documentation: ${publicUrl}/api/docs`, '');
  return lines.join('\n');
}
