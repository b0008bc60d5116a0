import type { Em } from '../../db/orm.js';
import { Department } from './department.entity.js';

/** Where a customer's request lands when it names no department: the first department, for any of its agents to take. */
export async function defaultDepartmentId(em: Em): Promise<number | null> {
  const [first] = await em.find(Department, {}, { orderBy: { id: 'asc' }, limit: 1, fields: ['id'] });
  return first?.id ?? null;
}
