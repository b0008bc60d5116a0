import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { type Holiday, type OpeningInterval, SLA_TARGETS, type SlaConditions, type SlaTarget, type SlaTargetSetting } from '@parley/domain';
import { Agent } from '../agents/agent.entity.js';
import { Department } from '../organisation/department.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';

/** A business calendar (the domain's BusinessCalendar, named); the default one covers departments without their own. */
export const BusinessCalendarRecord = defineEntity({
  name: 'BusinessCalendarRecord',
  tableName: 'business_calendar',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(200),
    timeZone: p.string().length(64),
    week: p.json<OpeningInterval[][]>(),
    holidays: p.json<Holiday[]>(),
    isDefault: p.boolean().default(false),
    updatedBy: () => p.manyToOne(Agent).mapToPk().fieldName('updated_by').strictNullable().deleteRule('set null'),
    updatedAt: p.datetime(),
  },
});
export type BusinessCalendarRecord = InferEntity<typeof BusinessCalendarRecord>;

/** Which calendar a department works by (none: the default calendar). */
export const DepartmentCalendar = defineEntity({
  name: 'DepartmentCalendar',
  tableName: 'department_calendar',
  properties: {
    department: () => p.manyToOne(Department).mapToPk().primary().fieldName('department_id').deleteRule('cascade'),
    calendar: () => p.manyToOne(BusinessCalendarRecord).mapToPk().fieldName('calendar_id').deleteRule('cascade'),
  },
});
export type DepartmentCalendar = InferEntity<typeof DepartmentCalendar>;

/** A service-level policy: the domain's SlaPolicy, kept in the administrators' order (first match wins). */
export const SlaPolicyRecord = defineEntity({
  name: 'SlaPolicyRecord',
  tableName: 'sla_policy',
  properties: {
    id: p.integer().primary().autoincrement(),
    position: p.integer(),
    name: p.string().length(200),
    enabled: p.boolean().default(true),
    conditions: p.json<SlaConditions>(),
    targets: p.json<Partial<Record<SlaTarget, SlaTargetSetting>>>(),
    pauseWhenAnswered: p.boolean().default(false),
    warnAtPercent: p.integer().default(80),
    updatedBy: () => p.manyToOne(Agent).mapToPk().fieldName('updated_by').strictNullable().deleteRule('set null'),
    updatedAt: p.datetime(),
  },
});
export type SlaPolicyRecord = InferEntity<typeof SlaPolicyRecord>;

/**
 * A warning or breach recorded on a ticket, once: the unique (ticket, key) index decides between instances
 * sweeping at once (the loser's insert fails and it rolls back). The key names the target and its clock's start.
 */
export const TicketSlaAlarm = defineEntity({
  name: 'TicketSlaAlarm',
  tableName: 'ticket_sla_alarm',
  properties: {
    id: p.integer().primary().autoincrement(),
    ticket: () => p.manyToOne(Ticket).mapToPk().fieldName('ticket_id').deleteRule('cascade'),
    alarmKey: p.string().length(100),
    kind: p.enum(['warning', 'breach'] as const),
    target: p.enum([...SLA_TARGETS]),
    dueAt: p.datetime(),
    recordedAt: p.datetime(),
  },
  uniques: [{ properties: ['ticket', 'alarmKey'], name: 'ticket_sla_alarm_unique' }],
});
export type TicketSlaAlarm = InferEntity<typeof TicketSlaAlarm>;
