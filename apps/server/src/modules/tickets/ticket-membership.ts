import { type AgentMembership, DomainError, ErrorCodes } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { Agent, AgentDepartment } from '../agents/agent.entity.js';
import { Department } from '../organisation/department.entity.js';

/** What the assignment rules need to know of an agent: whether they are active, and their departments. */
export async function membershipOf(em: Em, agentId: number | undefined | null): Promise<AgentMembership | null> {
  if (agentId === undefined || agentId === null) return null;
  const agent = await em.findOne(Agent, { id: agentId }, { fields: ['id', 'active'] });
  if (!agent) return null;
  const rows = await em.find(AgentDepartment, { agent: agentId });
  return { agentId, active: agent.active, departmentIds: rows.map((r) => r.department) };
}

export async function assertDepartmentExists(em: Em, departmentId: number | undefined | null): Promise<void> {
  if (departmentId === undefined || departmentId === null) return;
  if ((await em.count(Department, { id: departmentId })) === 0) {
    throw new DomainError(ErrorCodes.notFound, `Department ${departmentId} not found.`, { departmentId });
  }
}
