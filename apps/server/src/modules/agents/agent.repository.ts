import type { AgentPrincipal } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { Agent, AgentDepartment } from './agent.entity.js';

export async function departmentIdsOf(em: Em, agentId: number): Promise<number[]> {
  const rows = await em.find(AgentDepartment, { agent: agentId }, { fields: ['department'] });
  return rows.map((r) => r.department).sort((a, b) => a - b);
}

export async function departmentIdsByAgent(em: Em, agentIds: readonly number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>(agentIds.map((id) => [id, []]));
  if (agentIds.length === 0) return map;
  const rows = await em.find(AgentDepartment, { agent: { $in: [...agentIds] } });
  for (const row of rows) map.get(row.agent)?.push(row.department);
  for (const list of map.values()) list.sort((a, b) => a - b);
  return map;
}

/** The principal for an active agent, or null when the agent is gone or deactivated. */
export async function loadAgentPrincipal(em: Em, agentId: number): Promise<AgentPrincipal | null> {
  const agent = await em.findOne(Agent, { id: agentId, active: true }, { fields: ['id', 'role'] });
  if (!agent) return null;
  return { kind: 'agent', agentId: agent.id, role: agent.role, departmentIds: await departmentIdsOf(em, agent.id) };
}
