import type { Em } from '../../db/orm.js';
import { AgentDepartment } from './agent.entity.js';

export async function departmentIdsByAgent(em: Em, agentIds: readonly number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>(agentIds.map((id) => [id, []]));
  if (agentIds.length === 0) return map;
  const rows = await em.find(AgentDepartment, { agent: { $in: [...agentIds] } });
  for (const row of rows) map.get(row.agent)?.push(row.department);
  for (const list of map.values()) list.sort((a, b) => a - b);
  return map;
}
