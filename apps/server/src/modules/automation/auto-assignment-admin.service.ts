import { auditDiff } from '@parley/domain';
import type { AutoAssignmentDto, AutoAssignmentRequest } from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { Department } from '../organisation/department.entity.js';
import { DepartmentAutoAssignment } from './automation.entity.js';

export async function listAutoAssignment(scope: AgentScope): Promise<AutoAssignmentDto[]> {
  const rows = await scope.em.find(DepartmentAutoAssignment, {}, { orderBy: { department: 'asc' } });
  return rows.map(present);
}

/** Switches a department's auto-assignment; every instance follows at its next tick, this one at once. */
export async function setAutoAssignment(scope: AgentScope, departmentId: number, input: AutoAssignmentRequest): Promise<AutoAssignmentDto> {
  const dto = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const department = await em.findOne(Department, { id: departmentId }, { fields: ['id', 'name'] });
    if (!department) throw notFound('Department');
    const row = await em.findOne(DepartmentAutoAssignment, { department: departmentId });
    const before = row ? { mode: row.mode, maxOpenTickets: row.maxOpenTickets } : { mode: 'off', maxOpenTickets: null };
    const at = scope.app.clock.now();
    const saved = row ? Object.assign(row, { mode: input.mode, maxOpenTickets: input.maxOpenTickets, updatedAt: at }) : em.create(DepartmentAutoAssignment, { department: departmentId, ...input, updatedAt: at });
    await recordAudit(scope, em, 'auto_assignment.changed', { type: 'auto_assignment', id: departmentId, label: department.name }, auditDiff(before, { mode: saved.mode, maxOpenTickets: saved.maxOpenTickets }));
    await em.flush();
    return present(saved);
  });
  await scope.app.automation.load();
  return dto;
}

const present = (row: DepartmentAutoAssignment): AutoAssignmentDto => ({ departmentId: row.department, mode: row.mode, maxOpenTickets: row.maxOpenTickets });
