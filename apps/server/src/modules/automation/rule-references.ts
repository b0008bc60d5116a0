import { DomainError, ErrorCodes, type TriggerAction, type TriggerCondition } from '@parley/domain';
import type { Em } from '../../db/orm.js';
import { Agent } from '../agents/agent.entity.js';
import { Company } from '../contacts/contact.entity.js';
import { CustomStatus } from '../organisation/custom-status.entity.js';
import { Department } from '../organisation/department.entity.js';

interface Referenced {
  readonly departments: Set<number>;
  readonly agents: Set<number>;
  readonly companies: Set<number>;
  readonly statuses: Set<number>;
}

/** The departments, agents, companies and custom statuses a rule names (null, "none", names nothing). */
function referencesOf(conditions: readonly TriggerCondition[], actions: readonly TriggerAction[]): Referenced {
  const named: Referenced = { departments: new Set(), agents: new Set(), companies: new Set(), statuses: new Set() };
  const add = (set: Set<number>, ids: readonly (number | null)[]) => {
    for (const id of ids) if (id !== null) set.add(id);
  };
  for (const condition of conditions) {
    if (condition.field === 'department') add(named.departments, condition.values);
    if (condition.field === 'agent') add(named.agents, condition.values);
    if (condition.field === 'company') add(named.companies, condition.values);
    if (condition.field === 'status') add(named.statuses, condition.values.filter((value) => value.startsWith('custom:')).map((value) => Number(value.slice(7))));
  }
  for (const action of actions) {
    if (action.type === 'set_department') named.departments.add(action.departmentId);
    if (action.type === 'set_agent') add(named.agents, [action.agentId]);
    if (action.type === 'set_status' && action.customStatusId !== undefined) named.statuses.add(action.customStatusId);
    if (action.type === 'notify') {
      add(named.agents, action.agentIds);
      add(named.departments, action.departmentIds);
    }
  }
  return named;
}

/** Refuses a rule that names a department, agent, company or custom status that does not exist (404, which one in the details). */
export async function assertReferencesExist(em: Em, rule: { readonly conditions: readonly TriggerCondition[]; readonly actions: readonly TriggerAction[] }): Promise<void> {
  const named = referencesOf(rule.conditions, rule.actions);
  const checks = [
    ['departmentIds', Department, named.departments],
    ['agentIds', Agent, named.agents],
    ['companyIds', Company, named.companies],
    ['customStatusIds', CustomStatus, named.statuses],
  ] as const;
  for (const [field, entity, ids] of checks) {
    if (ids.size === 0) continue;
    const found = await em.count(entity as typeof Department, { id: { $in: [...ids] } });
    if (found !== ids.size) throw new DomainError(ErrorCodes.notFound, `The rule names something that does not exist (${field}).`, { [field]: [...ids] });
  }
}
