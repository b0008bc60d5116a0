import type { Em } from '../../db/orm.js';
import { Agent, AgentDepartment } from './agent.entity.js';

export async function departmentIdsByAgent(em: Em, agentIds: readonly number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>(agentIds.map((id) => [id, []]));
  if (agentIds.length === 0) return map;
  const rows = await em.find(AgentDepartment, { agent: { $in: [...agentIds] } });
  for (const row of rows) map.get(row.agent)?.push(row.department);
  for (const list of map.values()) list.sort((a, b) => a - b);
  return map;
}

/** The active agents of every department, by department id (ids ascending). */
export async function activeMembersByDepartment(em: Em): Promise<Map<number, number[]>> {
  const [rows, active] = await Promise.all([
    em.find(AgentDepartment, {}),
    em.find(Agent, { active: true }, { fields: ['id'] }),
  ]);
  const activeIds = new Set(active.map((a) => a.id));
  const map = new Map<number, number[]>();
  for (const row of rows) {
    if (!activeIds.has(row.agent)) continue;
    const list = map.get(row.department) ?? [];
    list.push(row.agent);
    map.set(row.department, list);
  }
  for (const list of map.values()) list.sort((a, b) => a - b);
  return map;
}
