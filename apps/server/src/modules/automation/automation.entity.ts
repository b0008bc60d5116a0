import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { AUTO_ASSIGNMENT_MODES, type TimeCondition, type TriggerAction, type TriggerCondition, type TriggerEvent } from '@parley/domain';
import { Agent } from '../agents/agent.entity.js';
import { Department } from '../organisation/department.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';

/** A trigger: the domain's `Trigger`, kept in the administrators' order. Conditions and actions are JSON validated by the protocol on the way in. */
export const TriggerRule = defineEntity({
  name: 'TriggerRule',
  tableName: 'trigger_rule',
  properties: {
    id: p.integer().primary().autoincrement(),
    position: p.integer(),
    enabled: p.boolean().default(true),
    name: p.string().length(200),
    events: p.json<TriggerEvent[]>(),
    match: p.enum(['all', 'any'] as const),
    conditions: p.json<TriggerCondition[]>(),
    actions: p.json<TriggerAction[]>(),
    updatedBy: () => p.manyToOne(Agent).mapToPk().fieldName('updated_by').strictNullable().deleteRule('set null'),
    updatedAt: p.datetime(),
  },
});
export type TriggerRule = InferEntity<typeof TriggerRule>;

/** A time rule: the domain's `TimeRule`, applied by the scheduler's sweep. */
export const TimeRule = defineEntity({
  name: 'TimeRule',
  tableName: 'time_rule',
  properties: {
    id: p.integer().primary().autoincrement(),
    position: p.integer(),
    enabled: p.boolean().default(true),
    name: p.string().length(200),
    time: p.json<TimeCondition>(),
    conditions: p.json<TriggerCondition[]>(),
    actions: p.json<TriggerAction[]>(),
    updatedBy: () => p.manyToOne(Agent).mapToPk().fieldName('updated_by').strictNullable().deleteRule('set null'),
    updatedAt: p.datetime(),
  },
});
export type TimeRule = InferEntity<typeof TimeRule>;

/**
 * That a time rule acted on a ticket in one condition window (the domain's window key). The unique index is
 * what decides, with several instances sweeping, which one acts: the loser's insert fails and it rolls back.
 * `anchor_at` is the window's anchor, so the sweep's candidate query can leave out windows already acted on.
 */
export const TimeRuleFiring = defineEntity({
  name: 'TimeRuleFiring',
  tableName: 'time_rule_firing',
  properties: {
    id: p.integer().primary().autoincrement(),
    rule: () => p.manyToOne(TimeRule).mapToPk().fieldName('rule_id').deleteRule('cascade'),
    ticket: () => p.manyToOne(Ticket).mapToPk().fieldName('ticket_id').deleteRule('cascade').index(),
    windowKey: p.string().length(100),
    anchorAt: p.datetime(),
    firedAt: p.datetime(),
  },
  uniques: [{ properties: ['rule', 'ticket', 'windowKey'], name: 'time_rule_firing_window_unique' }],
  indexes: [{ properties: ['rule', 'ticket', 'anchorAt'], name: 'time_rule_firing_anchor_idx' }],
});
export type TimeRuleFiring = InferEntity<typeof TimeRuleFiring>;

/** One trigger acting on one ticket: counted over the last hour for the domain's per-ticket rate limit. */
export const TriggerFiring = defineEntity({
  name: 'TriggerFiring',
  tableName: 'trigger_firing',
  properties: {
    id: p.integer().primary().autoincrement(),
    ticket: () => p.manyToOne(Ticket).mapToPk().fieldName('ticket_id').deleteRule('cascade'),
    rule: () => p.manyToOne(TriggerRule).mapToPk().fieldName('rule_id').deleteRule('cascade').index(),
    firedAt: p.datetime(),
  },
  indexes: [{ properties: ['ticket', 'firedAt'], name: 'trigger_firing_ticket_idx' }],
});
export type TriggerFiring = InferEntity<typeof TriggerFiring>;

/** A department's auto-assignment of new email, web-form and API tickets; no row means off. */
export const DepartmentAutoAssignment = defineEntity({
  name: 'DepartmentAutoAssignment',
  tableName: 'department_auto_assignment',
  properties: {
    department: () => p.manyToOne(Department).mapToPk().primary().fieldName('department_id').deleteRule('cascade'),
    mode: p.enum([...AUTO_ASSIGNMENT_MODES]),
    maxOpenTickets: p.integer(),
    updatedAt: p.datetime(),
  },
});
export type DepartmentAutoAssignment = InferEntity<typeof DepartmentAutoAssignment>;

/** The round robin's memory: when auto-assignment last gave each agent a ticket of the department. */
export const AutoAssignmentTurn = defineEntity({
  name: 'AutoAssignmentTurn',
  tableName: 'auto_assignment_turn',
  properties: {
    department: () => p.manyToOne(Department).mapToPk().primary().fieldName('department_id').deleteRule('cascade'),
    agent: () => p.manyToOne(Agent).mapToPk().primary().fieldName('agent_id').deleteRule('cascade'),
    lastAssignedAt: p.datetime(),
  },
});
export type AutoAssignmentTurn = InferEntity<typeof AutoAssignmentTurn>;
