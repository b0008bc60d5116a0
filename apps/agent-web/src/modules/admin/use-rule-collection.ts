import type { AgentDto, CustomStatusDto, DepartmentDto } from '@parley/protocol';
import { ref } from 'vue';
import { listAgents, listCustomStatuses, listDepartments } from '../../api/directory';
import { useAdminCollection } from './use-admin-collection';

interface Rule {
  readonly id: number;
  readonly name: string;
  readonly enabled: boolean;
}

export interface RuleApi<T extends Rule, B> {
  list(): Promise<T[]>;
  create(body: B): Promise<T>;
  update(id: number, body: Partial<B>): Promise<T>;
  remove(id: number): Promise<unknown>;
  reorder(ids: number[]): Promise<T[]>;
}

export type RuleDialog<T> = { kind: 'create' } | { kind: 'edit'; item: T } | { kind: 'delete'; item: T };

/**
 * The triggers' and time rules' screens alike: the ordered list, what their forms pick from (departments,
 * agents, custom statuses), and each change with its notice (`automation.admin.notices.*`, worded per kind).
 */
export function useRuleCollection<T extends Rule, B>(api: RuleApi<T, B>, kind: 'trigger' | 'timeRule') {
  const departments = ref<DepartmentDto[]>([]);
  const agents = ref<AgentDto[]>([]);
  const statuses = ref<CustomStatusDto[]>([]);
  const collection = useAdminCollection<T, RuleDialog<T>>({
    fetch: api.list,
    alongside: async () => {
      [departments.value, agents.value, statuses.value] = await Promise.all([listDepartments(), listAgents(), listCustomStatuses()]);
    },
    newcomers: 'last',
  });
  const { saveItem, removeItem, moveItem, target } = collection;
  const editing = target('edit');
  const key = (what: string) => `automation.admin.notices.${kind}.${what}`;

  const saveRule = (body: B) =>
    editing.value ? saveItem(() => api.update(editing.value!.id, body), (r) => [key('updated'), { name: r.name }]) : saveItem(() => api.create(body), (r) => [key('created'), { name: r.name }]);
  const toggle = (rule: Rule) => saveItem(() => api.update(rule.id, { enabled: !rule.enabled } as unknown as Partial<B>), (r) => [key(r.enabled ? 'on' : 'off'), { name: r.name }]);
  const remove = (rule: Rule) => removeItem(rule as T, () => api.remove(rule.id), [key('deleted'), { name: rule.name }]);
  /** Moves a rule one place up or down: rules act in this order, and one may stop the rest. */
  const move = (index: number, by: -1 | 1) => moveItem(index, by, api.reorder, [key('reordered')]);
  return { ...collection, departments, agents, statuses, editing, deleting: target('delete'), saveRule, toggle, remove, move };
}
