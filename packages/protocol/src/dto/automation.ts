import { AUTO_ASSIGNMENT_MODES, CHANNELS, PRIORITIES, SLA_TARGETS, TRIGGER_EVENTS } from '@parley/domain';
import { z } from 'zod';

/**
 * Triggers, time rules and auto-assignment as administrators write them. The shapes are the domain's
 * (`Trigger`, `TimeRule`); the domain's `automationRuleProblems` checks what a shape cannot (a rule that
 * does nothing, a time rule acting on its own anchor), and the server checks that what they name exists.
 */

const Id = z.number().int().positive();
const OwnerIds = z.array(Id.nullable()).min(1).max(200);
const Text = (max: number) => z.string().trim().min(1).max(max);
const Tag = z.string().trim().toLowerCase().min(1).max(50);
/** A base status, or `custom:<id>` for a custom status. */
const StatusValue = z.string().regex(/^(new|open|answered|postponed|resolved|custom:\d{1,9})$/, 'a status or custom:<id>');

export const TriggerConditionSchema = z.discriminatedUnion('field', [
  z.strictObject({ field: z.literal('channel'), op: z.enum(['is', 'is_not']), values: z.array(z.enum(CHANNELS)).min(1) }),
  z.strictObject({ field: z.literal('department'), op: z.enum(['is', 'is_not']), values: OwnerIds }),
  z.strictObject({ field: z.literal('agent'), op: z.enum(['is', 'is_not']), values: OwnerIds }),
  z.strictObject({ field: z.literal('status'), op: z.enum(['is', 'is_not']), values: z.array(StatusValue).min(1).max(50) }),
  z.strictObject({ field: z.literal('priority'), op: z.enum(['is', 'is_not']), values: z.array(z.enum(PRIORITIES)).min(1) }),
  z.strictObject({ field: z.literal('company'), op: z.enum(['is', 'is_not']), values: OwnerIds }),
  z.strictObject({ field: z.literal('tags'), op: z.enum(['has_any', 'has_all', 'has_none']), values: z.array(Tag).min(1).max(50) }),
  z.strictObject({ field: z.enum(['subject', 'message']), op: z.enum(['contains', 'not_contains']), value: Text(500) }),
  z.strictObject({ field: z.literal('contact_email'), op: z.enum(['is', 'domain_is']), value: Text(320) }),
  z.strictObject({ field: z.literal('business_hours'), op: z.enum(['within', 'outside']) }),
  z.strictObject({ field: z.literal('created_by'), op: z.enum(['agent', 'customer']) }),
]);
export type TriggerConditionInput = z.infer<typeof TriggerConditionSchema>;

export const TriggerActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('set_status'), status: z.enum(['open', 'answered', 'resolved']), customStatusId: Id.optional() }),
  z.strictObject({ type: z.literal('set_priority'), priority: z.enum(PRIORITIES) }),
  z.strictObject({ type: z.literal('set_department'), departmentId: Id }),
  z.strictObject({ type: z.literal('set_agent'), agentId: Id.nullable() }),
  z.strictObject({ type: z.literal('add_tags'), tags: z.array(Tag).min(1).max(20) }),
  z.strictObject({ type: z.literal('remove_tags'), tags: z.array(Tag).min(1).max(20) }),
  z.strictObject({ type: z.literal('add_note'), body: Text(10_000) }),
  z.strictObject({ type: z.literal('email_customer'), subject: Text(300), body: Text(20_000) }),
  z.strictObject({
    type: z.literal('notify'),
    assignee: z.boolean().default(false),
    ticketDepartment: z.boolean().default(false),
    agentIds: z.array(Id).max(200).default([]),
    departmentIds: z.array(Id).max(200).default([]),
    message: Text(1000),
    email: z.boolean().default(false),
  }),
  z.strictObject({ type: z.literal('stop') }),
]);
export type TriggerActionInput = z.infer<typeof TriggerActionSchema>;

const Conditions = z.array(TriggerConditionSchema).max(30).default([]);
const Actions = z.array(TriggerActionSchema).min(1).max(20);

export const TriggerRequest = z.strictObject({
  name: Text(200),
  enabled: z.boolean().default(true),
  events: z.array(z.enum(TRIGGER_EVENTS)).min(1).max(TRIGGER_EVENTS.length),
  match: z.enum(['all', 'any']).default('all'),
  conditions: Conditions,
  actions: Actions,
});
export type TriggerRequest = z.infer<typeof TriggerRequest>;
export const UpdateTriggerRequest = TriggerRequest.partial();
export type UpdateTriggerRequest = z.infer<typeof UpdateTriggerRequest>;

const RuleStamp = { id: z.number().int(), position: z.number().int(), updatedAt: z.string(), updatedBy: z.number().int().nullable() };

export const TriggerDto = z.object({
  ...RuleStamp,
  name: z.string(),
  enabled: z.boolean(),
  events: z.array(z.enum(TRIGGER_EVENTS)),
  match: z.enum(['all', 'any']),
  conditions: z.array(TriggerConditionSchema),
  actions: z.array(TriggerActionSchema),
});
export type TriggerDto = z.infer<typeof TriggerDto>;

/** Minutes up to a year: a rule waiting longer is a mistake. */
const Minutes = z.number().int().min(1).max(366 * 24 * 60);

export const TimeConditionSchema = z.discriminatedUnion('since', [
  z.strictObject({ since: z.enum(['last_customer_message', 'last_agent_reply', 'created', 'status_changed']), minutes: Minutes, businessHours: z.boolean().default(false) }),
  z.strictObject({ since: z.literal('sla_due_within'), target: z.enum(SLA_TARGETS), minutes: Minutes }),
]);

export const TimeRuleRequest = z.strictObject({
  name: Text(200),
  enabled: z.boolean().default(true),
  time: TimeConditionSchema,
  conditions: Conditions,
  actions: Actions,
});
export type TimeRuleRequest = z.infer<typeof TimeRuleRequest>;
export const UpdateTimeRuleRequest = TimeRuleRequest.partial();
export type UpdateTimeRuleRequest = z.infer<typeof UpdateTimeRuleRequest>;

export const TimeRuleDto = z.object({
  ...RuleStamp,
  name: z.string(),
  enabled: z.boolean(),
  time: TimeConditionSchema,
  conditions: z.array(TriggerConditionSchema),
  actions: z.array(TriggerActionSchema),
});
export type TimeRuleDto = z.infer<typeof TimeRuleDto>;

export const ReorderRulesRequest = z.strictObject({ ids: z.array(Id).min(1).max(500) });
export type ReorderRulesRequest = z.infer<typeof ReorderRulesRequest>;

/** "Test against ticket #N": a rule as it stands (saved or being edited), checked on a ticket without acting. */
export const TriggerPreviewRequest = z.strictObject({ ticketId: Id, event: z.enum(TRIGGER_EVENTS), rule: TriggerRequest });
/** `ruleId`: the saved rule being edited, to tell whether it already acted in the ticket's current window. */
export const TimeRulePreviewRequest = z.strictObject({ ticketId: Id, ruleId: Id.optional(), rule: TimeRuleRequest });

export const RulePreviewDto = z.object({
  /** A trigger: whether it listens to the event; a time rule: whether its time condition holds now. */
  listens: z.boolean(),
  conditions: z.array(z.boolean()).describe('Each condition, in order: whether it holds on the ticket.'),
  holds: z.boolean(),
  /** A time rule: when its time condition holds (or held) on this ticket; null when the ticket has no anchor. */
  holdsFrom: z.string().nullable(),
  /** A time rule that already acted on the ticket in this window does not act again. */
  alreadyActed: z.boolean(),
  /** What it would do if it acted now: the actions, in order (empty when it would not act). */
  wouldDo: z.array(TriggerActionSchema),
});
export type RulePreviewDto = z.infer<typeof RulePreviewDto>;

export const AutoAssignmentDto = z.object({
  departmentId: z.number().int(),
  mode: z.enum(AUTO_ASSIGNMENT_MODES),
  maxOpenTickets: z.number().int(),
});
export type AutoAssignmentDto = z.infer<typeof AutoAssignmentDto>;

export const AutoAssignmentRequest = z.strictObject({
  mode: z.enum(AUTO_ASSIGNMENT_MODES),
  maxOpenTickets: z.number().int().min(1).max(1000).default(20),
});
export type AutoAssignmentRequest = z.infer<typeof AutoAssignmentRequest>;
