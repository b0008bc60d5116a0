import {
  auditDiff,
  type BusinessCalendar,
  calendarProblems,
  clockState,
  clocksOf,
  DomainError,
  ErrorCodes,
  type Holiday,
  policyFor,
  reorderedPositions,
  type SlaTarget,
  type SlaTargetSetting,
  slaPolicyProblems,
} from '@parley/domain';
import type {
  BusinessCalendarDto,
  BusinessCalendarRequest,
  ReorderSlaPoliciesRequest,
  SlaPolicyDto,
  SlaPolicyRequest,
  SlaPreviewDto,
  UpdateBusinessCalendarRequest,
  UpdateSlaPolicyRequest,
} from '@parley/protocol';
import type { AgentScope } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { notFound } from '../../http/http-error.js';
import { slaTicketOf } from '../../jobs/sla-alarms.job.js';
import { recordAudit } from '../audit-log/audit-recorder.js';
import { Department } from '../organisation/department.entity.js';
import { findTicketForAgent } from '../tickets/ticket.repository.js';
import { serviceLevelsChanged } from './schedule-refresh.js';
import { toSlaPolicy } from './service-levels.js';
import { BusinessCalendarRecord, DepartmentCalendar, SlaPolicyRecord } from './sla.entity.js';
import { companyOfContact } from './sla-on-write.js';

// ---- calendars

export async function listCalendars(scope: AgentScope): Promise<BusinessCalendarDto[]> {
  const [rows, departments] = await Promise.all([scope.em.find(BusinessCalendarRecord, {}, { orderBy: { id: 'asc' } }), scope.em.find(DepartmentCalendar, {})]);
  return rows.map((row) => presentCalendar(row, departments));
}

export async function createCalendar(scope: AgentScope, input: BusinessCalendarRequest): Promise<BusinessCalendarDto> {
  assertCalendar({ timeZone: input.timeZone, week: input.week, holidays: holidaysOf(input.holidays) });
  const dto = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    await assertDepartments(em, input.departmentIds);
    if (input.isDefault) await em.nativeUpdate(BusinessCalendarRecord, { isDefault: true }, { isDefault: false, updatedAt: scope.app.clock.now() });
    const row = em.create(BusinessCalendarRecord, { ...calendarFields(input), isDefault: input.isDefault, updatedBy: scope.agent.agentId, updatedAt: scope.app.clock.now() });
    await em.flush();
    await assignDepartments(em, row.id, input.departmentIds);
    await recordAudit(scope, em, 'business_calendar.created', { type: 'business_calendar', id: row.id, label: row.name }, auditDiff(null, calendarSnapshot(row, input.departmentIds)));
    return presentCalendar(row, await em.find(DepartmentCalendar, { calendar: row.id }));
  });
  await serviceLevelsChanged(scope.app);
  return dto;
}

export async function updateCalendar(scope: AgentScope, id: number, input: UpdateBusinessCalendarRequest): Promise<BusinessCalendarDto> {
  const dto = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const row = await em.findOne(BusinessCalendarRecord, { id });
    if (!row) throw notFound('Calendar');
    const before = calendarSnapshot(row, (await em.find(DepartmentCalendar, { calendar: id })).map((d) => d.department));
    const next = { timeZone: input.timeZone ?? row.timeZone, week: input.week ?? row.week, holidays: input.holidays ? holidaysOf(input.holidays) : row.holidays };
    assertCalendar(next);
    if (input.name !== undefined) row.name = input.name;
    Object.assign(row, next);
    if (input.isDefault === true && !row.isDefault) await em.nativeUpdate(BusinessCalendarRecord, { isDefault: true }, { isDefault: false, updatedAt: scope.app.clock.now() });
    if (input.isDefault !== undefined) row.isDefault = input.isDefault;
    if (input.departmentIds !== undefined) {
      await assertDepartments(em, input.departmentIds);
      await assignDepartments(em, id, input.departmentIds);
    }
    row.updatedBy = scope.agent.agentId;
    row.updatedAt = scope.app.clock.now();
    const departments = await em.find(DepartmentCalendar, { calendar: id });
    await recordAudit(scope, em, 'business_calendar.updated', { type: 'business_calendar', id, label: row.name }, auditDiff(before, calendarSnapshot(row, departments.map((d) => d.department))));
    await em.flush();
    return presentCalendar(row, departments);
  });
  await serviceLevelsChanged(scope.app);
  return dto;
}

export async function deleteCalendar(scope: AgentScope, id: number): Promise<void> {
  await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const row = await em.findOne(BusinessCalendarRecord, { id });
    if (!row) throw notFound('Calendar');
    const departments = await em.find(DepartmentCalendar, { calendar: id });
    await recordAudit(scope, em, 'business_calendar.deleted', { type: 'business_calendar', id, label: row.name }, auditDiff(calendarSnapshot(row, departments.map((d) => d.department)), null));
    await em.nativeDelete(DepartmentCalendar, { calendar: id });
    em.remove(row);
  });
  await serviceLevelsChanged(scope.app);
}

function assertCalendar(calendar: BusinessCalendar): void {
  const problems = calendarProblems(calendar);
  if (problems.length > 0) throw new DomainError(ErrorCodes.calendarInvalid, `The calendar cannot be used: ${problems.map((p) => p.code).join(', ')}.`, { problems });
}

async function assertDepartments(em: Em, ids: readonly number[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length > 0 && (await em.count(Department, { id: { $in: unique } })) !== unique.length) {
    throw new DomainError(ErrorCodes.notFound, 'A department does not exist.', { departmentIds: unique });
  }
}

/** A department works by one calendar: naming it here moves it from any other. */
async function assignDepartments(em: Em, calendarId: number, departmentIds: readonly number[]): Promise<void> {
  await em.nativeDelete(DepartmentCalendar, { calendar: calendarId });
  const unique = [...new Set(departmentIds)];
  if (unique.length === 0) return;
  await em.nativeDelete(DepartmentCalendar, { department: { $in: unique } });
  for (const department of unique) em.create(DepartmentCalendar, { department, calendar: calendarId });
  await em.flush();
}

const calendarFields = (input: BusinessCalendarRequest) => ({ name: input.name, timeZone: input.timeZone, week: input.week, holidays: holidaysOf(input.holidays) });

/** Holidays as stored: a name only when one was given. */
function holidaysOf(holidays: BusinessCalendarRequest['holidays']): Holiday[] {
  return holidays.map((holiday) => ({ date: holiday.date, yearly: holiday.yearly, ...(holiday.name ? { name: holiday.name } : {}) }));
}

/** Targets as stored: only those set. */
function targetsOf(targets: SlaPolicyRequest['targets']): Partial<Record<SlaTarget, SlaTargetSetting>> {
  return Object.fromEntries(Object.entries(targets).filter(([, setting]) => setting !== undefined)) as Partial<Record<SlaTarget, SlaTargetSetting>>;
}

/** The fields of an update that were given, in the stored shapes. */
function policyChanges(input: UpdateSlaPolicyRequest): Partial<Pick<SlaPolicyRecord, 'name' | 'enabled' | 'conditions' | 'targets' | 'pauseWhenAnswered' | 'warnAtPercent'>> {
  return {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.conditions !== undefined ? { conditions: input.conditions } : {}),
    ...(input.targets !== undefined ? { targets: targetsOf(input.targets) } : {}),
    ...(input.pauseWhenAnswered !== undefined ? { pauseWhenAnswered: input.pauseWhenAnswered } : {}),
    ...(input.warnAtPercent !== undefined ? { warnAtPercent: input.warnAtPercent } : {}),
  };
}

const calendarSnapshot = (row: BusinessCalendarRecord, departmentIds: readonly number[]) => ({
  name: row.name,
  timeZone: row.timeZone,
  week: JSON.stringify(row.week),
  holidays: JSON.stringify(row.holidays),
  isDefault: row.isDefault,
  departmentIds: [...departmentIds].sort((a, b) => a - b),
});

function presentCalendar(row: BusinessCalendarRecord, departments: readonly DepartmentCalendar[]): BusinessCalendarDto {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    week: row.week.map((day) => day.map((interval) => ({ from: interval.from, to: interval.to }))),
    holidays: row.holidays.map((holiday) => ({ date: holiday.date, yearly: holiday.yearly, ...(holiday.name ? { name: holiday.name } : {}) })),
    isDefault: row.isDefault,
    departmentIds: departments.filter((d) => d.calendar === row.id).map((d) => d.department).sort((a, b) => a - b),
    updatedAt: row.updatedAt.toISOString(),
  };
}

// ---- policies

export async function listSlaPolicies(scope: AgentScope): Promise<SlaPolicyDto[]> {
  return (await scope.em.find(SlaPolicyRecord, {}, { orderBy: { position: 'asc', id: 'asc' } })).map(presentPolicy);
}

export async function createSlaPolicy(scope: AgentScope, input: SlaPolicyRequest): Promise<SlaPolicyDto> {
  const fields = { ...input, targets: targetsOf(input.targets) };
  assertPolicy(fields);
  const dto = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const [last] = await em.find(SlaPolicyRecord, {}, { orderBy: { position: 'desc' }, fields: ['position'], limit: 1 });
    const row = em.create(SlaPolicyRecord, { ...fields, position: (last?.position ?? 0) + 1, updatedBy: scope.agent.agentId, updatedAt: scope.app.clock.now() });
    await em.flush();
    await recordAudit(scope, em, 'sla_policy.created', { type: 'sla_policy', id: row.id, label: row.name }, auditDiff(null, policySnapshot(row)));
    return presentPolicy(row);
  });
  await serviceLevelsChanged(scope.app);
  return dto;
}

export async function updateSlaPolicy(scope: AgentScope, id: number, input: UpdateSlaPolicyRequest): Promise<SlaPolicyDto> {
  const dto = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const row = await em.findOne(SlaPolicyRecord, { id });
    if (!row) throw notFound('Service-level policy');
    const before = policySnapshot(row);
    const changes = policyChanges(input);
    assertPolicy({ ...row, ...changes });
    Object.assign(row, changes, { updatedBy: scope.agent.agentId, updatedAt: scope.app.clock.now() });
    await recordAudit(scope, em, 'sla_policy.updated', { type: 'sla_policy', id, label: row.name }, auditDiff(before, policySnapshot(row)));
    await em.flush();
    return presentPolicy(row);
  });
  await serviceLevelsChanged(scope.app);
  return dto;
}

export async function deleteSlaPolicy(scope: AgentScope, id: number): Promise<void> {
  await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const row = await em.findOne(SlaPolicyRecord, { id });
    if (!row) throw notFound('Service-level policy');
    await recordAudit(scope, em, 'sla_policy.deleted', { type: 'sla_policy', id, label: row.name }, auditDiff(policySnapshot(row), null));
    em.remove(row);
  });
  await serviceLevelsChanged(scope.app);
}

export async function reorderSlaPolicies(scope: AgentScope, input: ReorderSlaPoliciesRequest): Promise<SlaPolicyDto[]> {
  const items = await scope.em.transactional(async (tx) => {
    const em = tx as Em;
    const rows = await em.find(SlaPolicyRecord, {}, { orderBy: { position: 'asc', id: 'asc' } });
    const before = rows.map((row) => row.id);
    const positions = reorderedPositions(before, input.ids);
    if (!positions) throw new DomainError(ErrorCodes.requestInvalid, 'ids: name every policy once.', { expected: before });
    const now = scope.app.clock.now();
    for (const row of rows) {
      row.position = positions.get(row.id)!;
      row.updatedAt = now;
    }
    await recordAudit(scope, em, 'sla_policy.reordered', { type: 'sla_policy', id: input.ids[0]!, label: 'order' }, { order: { from: before, to: [...input.ids] } });
    await em.flush();
    return [...rows].sort((a, b) => a.position - b.position).map(presentPolicy);
  });
  await serviceLevelsChanged(scope.app);
  return items;
}

/** Where a ticket stands under the policies as they are: which covers it, and each target's clock now. */
export async function previewSlaPolicies(scope: AgentScope, ticketId: number): Promise<SlaPreviewDto> {
  const ticket = await findTicketForAgent(scope.em, scope.agent, ticketId);
  const levels = scope.app.serviceLevels;
  const facts = slaTicketOf(ticket, await companyOfContact(scope.em, levels, ticket.contactId));
  const policy = policyFor(levels.policies, facts);
  if (!policy) return { policyId: null, policyName: null, clocks: [] };
  const history = ticket.slaHistory ?? { openedByCustomer: ticket.createdByAgentId === null || ticket.lastCustomerMessageAt !== null, spans: [] };
  const now = scope.app.clock.now().getTime();
  const clocks = clocksOf(facts, history, policy, levels.calendarFor(ticket.departmentId ?? null));
  return {
    policyId: policy.id,
    policyName: policy.name,
    clocks: clocks.map((clock) => ({ target: clock.target, dueAt: clock.dueAt === null ? null : new Date(clock.dueAt).toISOString(), state: clockState(clock, now) })),
  };
}

function assertPolicy(policy: Pick<SlaPolicyRecord, 'name' | 'targets' | 'warnAtPercent'>): void {
  const problems = slaPolicyProblems(policy);
  if (problems.length > 0) throw new DomainError(ErrorCodes.slaPolicyInvalid, `The policy cannot be saved: ${problems.map((p) => p.code).join(', ')}.`, { problems });
}

const policySnapshot = (row: SlaPolicyRecord) => ({
  name: row.name,
  enabled: row.enabled,
  conditions: JSON.stringify(row.conditions),
  targets: JSON.stringify(row.targets),
  pauseWhenAnswered: row.pauseWhenAnswered,
  warnAtPercent: row.warnAtPercent,
});

function presentPolicy(row: SlaPolicyRecord): SlaPolicyDto {
  const policy = toSlaPolicy(row);
  return { ...policy, position: row.position, conditions: { ...policy.conditions, departmentIds: [...policy.conditions.departmentIds], channels: [...policy.conditions.channels], priorities: [...policy.conditions.priorities], tags: [...policy.conditions.tags], companyIds: [...policy.conditions.companyIds] }, updatedAt: row.updatedAt.toISOString() };
}

