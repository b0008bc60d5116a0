import { type AgentPrincipal, type AgentRole, mustEnrolTwoFactor, REQUIRE_TWO_FACTOR_SETTING } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { PreparedQuery } from '../../db/prepared-query.js';
import { sql } from '../../db/sql.js';

/**
 * Authentication runs on every request, so each credential is checked with one indexed query: the
 * credential joined with its active agent and that agent's departments (one row per department).
 */
interface PrincipalRow {
  readonly agent_id: number;
  readonly role: string;
  readonly department_id: number | null;
}

function principalOf(rows: readonly PrincipalRow[]): AgentPrincipal {
  const first = rows[0]!;
  const departmentIds = rows
    .map((r) => r.department_id)
    .filter((id): id is number => id !== null)
    .map(Number)
    .sort((a, b) => a - b);
  return { kind: 'agent', agentId: Number(first.agent_id), role: first.role as AgentRole, departmentIds };
}

const BY_API_TOKEN = new PreparedQuery<{ tokenHash: string; active: unknown }, PrincipalRow & { token_id: number }>((db, value) =>
  db
    .selectFrom('api_token as t')
    .innerJoin('agent as a', 'a.id', 't.agent_id')
    .leftJoin('agent_department as d', 'd.agent_id', 'a.id')
    .select(['t.id as token_id', 'a.id as agent_id', 'a.role as role', 'd.department_id as department_id'])
    .where('t.token_hash', '=', value('tokenHash'))
    .where('a.active', '=', value('active') as never),
);

type SessionRow = PrincipalRow & { session_id: number; csrf_token: string; expires_at: unknown; totp_enabled_at: unknown; require_two_factor: string | null };

/** The session's agent, with what decides whether they still owe two-factor enrolment: in the same one query. */
const BY_SESSION = new PreparedQuery<{ tokenHash: string; now: unknown; active: unknown }, SessionRow>((db, value) =>
  db
    .selectFrom('session as s')
    .innerJoin('agent as a', 'a.id', 's.agent_id')
    .leftJoin('agent_department as d', 'd.agent_id', 'a.id')
    .leftJoin('system_setting as r', (join) => join.on((eb) => eb('r.key', '=', REQUIRE_TWO_FACTOR_SETTING)))
    .select([
      's.id as session_id',
      's.csrf_token as csrf_token',
      's.expires_at as expires_at',
      'a.id as agent_id',
      'a.role as role',
      'd.department_id as department_id',
      'a.totp_enabled_at as totp_enabled_at',
      'r.value as require_two_factor',
    ])
    .where('s.token_hash', '=', value('tokenHash'))
    .where('s.expires_at', '>', value('now') as never)
    .where('a.active', '=', value('active') as never),
);

export async function principalByApiTokenHash(em: Em, tokenHash: string): Promise<{ principal: AgentPrincipal; tokenId: number } | null> {
  const query = sql(em);
  const rows = await BY_API_TOKEN.execute(query, { tokenHash, active: query.values.bool(true) });
  if (rows.length === 0) return null;
  return { principal: principalOf(rows), tokenId: Number(rows[0]!.token_id) };
}

export async function principalBySessionHash(
  em: Em,
  tokenHash: string,
  now: Date,
): Promise<{ principal: AgentPrincipal; sessionId: number; csrfToken: string; expiresAt: Date; mustEnrolTwoFactor: boolean } | null> {
  const query = sql(em);
  const rows = await BY_SESSION.execute(query, { tokenHash, now: query.values.date(now), active: query.values.bool(true) });
  if (rows.length === 0) return null;
  const first = rows[0]!;
  return {
    principal: principalOf(rows),
    sessionId: Number(first.session_id),
    csrfToken: first.csrf_token,
    expiresAt: query.values.readDate(first.expires_at),
    mustEnrolTwoFactor: mustEnrolTwoFactor({ twoFactorEnabled: first.totp_enabled_at !== null }, first.require_two_factor === 'true'),
  };
}

/** The principal for an active agent (each socket command re-reads it), or null when gone or deactivated. */
export async function loadAgentPrincipal(em: Em, agentId: number): Promise<AgentPrincipal | null> {
  const { db, values } = sql(em);
  const rows = await db
    .selectFrom('agent as a')
    .leftJoin('agent_department as d', 'd.agent_id', 'a.id')
    .select(['a.id as agent_id', 'a.role as role', 'd.department_id as department_id'])
    .where('a.id', '=', agentId)
    .where('a.active', '=', values.bool(true) as never)
    .execute();
  return rows.length === 0 ? null : principalOf(rows as unknown as PrincipalRow[]);
}
