import type { AgentPrincipal, AgentRole } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { nativeSqlite } from '../../db/sqlite-native.js';

/**
 * Authentication runs on every request, so it reads with two small indexed queries (credential joined with
 * its active agent, then the agent's departments) instead of loading entities.
 */
const BY_API_TOKEN = 'select t.id as token_id, a.id as agent_id, a.role as role from api_token t join agent a on a.id = t.agent_id where t.token_hash = ? and a.active = ?';
const DEPARTMENTS = 'select department_id from agent_department where agent_id = ? order by department_id';

export async function principalByApiTokenHash(em: Em, tokenHash: string): Promise<{ principal: AgentPrincipal; tokenId: number } | null> {
  const native = nativeSqlite(em);
  if (native?.idle) {
    const row = native.statement(BY_API_TOKEN).get(tokenHash, 1) as { token_id: number; agent_id: number; role: AgentRole } | undefined;
    if (!row) return null;
    const departments = native.statement(DEPARTMENTS).all(row.agent_id) as { department_id: number }[];
    return { principal: { kind: 'agent', agentId: row.agent_id, role: row.role, departmentIds: departments.map((d) => d.department_id) }, tokenId: row.token_id };
  }
  const [row] = await em.execute<{ token_id: number; agent_id: number; role: AgentRole }[]>(BY_API_TOKEN, [tokenHash, true]);
  if (!row) return null;
  return { principal: await withDepartments(em, Number(row.agent_id), row.role), tokenId: Number(row.token_id) };
}

export async function principalBySessionHash(
  em: Em,
  tokenHash: string,
  now: Date,
): Promise<{ principal: AgentPrincipal; sessionId: number; csrfToken: string } | null> {
  const [row] = await em.execute<{ session_id: number; csrf_token: string; agent_id: number; role: AgentRole }[]>(
    'select s.id as session_id, s.csrf_token as csrf_token, a.id as agent_id, a.role as role from session s join agent a on a.id = s.agent_id where s.token_hash = ? and s.expires_at > ? and a.active = ?',
    // Raw SQL takes the database's own date representation (epoch ms on SQLite, timestamptz on PostgreSQL).
    [tokenHash, em.getPlatform().processDateProperty(now), true],
  );
  if (!row) return null;
  return { principal: await withDepartments(em, Number(row.agent_id), row.role), sessionId: Number(row.session_id), csrfToken: row.csrf_token };
}

/** The principal for an active agent (each socket command re-reads it), or null when gone or deactivated. */
export async function loadAgentPrincipal(em: Em, agentId: number): Promise<AgentPrincipal | null> {
  const [row] = await em.execute<{ role: AgentRole }[]>('select role from agent where id = ? and active = ?', [agentId, true]);
  return row ? withDepartments(em, agentId, row.role) : null;
}

async function withDepartments(em: Em, agentId: number, role: AgentRole): Promise<AgentPrincipal> {
  const rows = await em.execute<{ department_id: number }[]>(DEPARTMENTS, [agentId]);
  return { kind: 'agent', agentId, role, departmentIds: rows.map((r) => Number(r.department_id)) };
}
