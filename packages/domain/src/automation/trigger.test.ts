import { describe, expect, it } from 'vitest';
import {
  explainTrigger,
  planTriggers,
  TRIGGER_MAX_DEPTH,
  TRIGGER_MAX_FIRINGS_PER_HOUR,
  type Trigger,
  type TriggerCondition,
  type TriggerContext,
  type TriggerTicket,
} from './trigger.js';

const ticket: TriggerTicket = {
  channel: 'email',
  departmentId: 2,
  assignedAgentId: null,
  status: 'open',
  customStatusId: 7,
  priority: 'normal',
  companyId: 11,
  tags: ['billing', 'vip'],
  subject: 'Рахунок за грудень',
  contactEmail: 'Olena@Example.UA',
  createdByAgent: false,
  internal: false,
};

function context(overrides: Partial<TriggerContext> = {}): TriggerContext {
  return { event: 'customer_message', ticket, message: 'Where is my REFUND?', withinBusinessHours: true, firedInChain: [], depth: 0, firingsLastHour: 0, ...overrides };
}

function rule(id: number, conditions: TriggerCondition[], overrides: Partial<Trigger> = {}): Trigger {
  return { id, name: `rule ${id}`, enabled: true, events: ['customer_message'], match: 'all', conditions, actions: [{ type: 'add_tags', tags: [`r${id}`] }], ...overrides };
}

const holds = (condition: TriggerCondition, overrides: Partial<TriggerContext> = {}) => planTriggers([rule(1, [condition])], context(overrides)).firings.length === 1;

describe('trigger conditions', () => {
  it('channel, department, agent, priority and company, with none as a value', () => {
    expect(holds({ field: 'channel', op: 'is', values: ['email', 'web_form'] })).toBe(true);
    expect(holds({ field: 'channel', op: 'is_not', values: ['email'] })).toBe(false);
    expect(holds({ field: 'department', op: 'is', values: [2] })).toBe(true);
    expect(holds({ field: 'agent', op: 'is', values: [null] })).toBe(true);
    expect(holds({ field: 'agent', op: 'is_not', values: [null] })).toBe(false);
    expect(holds({ field: 'priority', op: 'is', values: ['high', 'urgent'] })).toBe(false);
    expect(holds({ field: 'company', op: 'is', values: [11] })).toBe(true);
    expect(holds({ field: 'company', op: 'is', values: [null] })).toBe(false);
  });

  it('status by base or by custom status', () => {
    expect(holds({ field: 'status', op: 'is', values: ['open'] })).toBe(true);
    expect(holds({ field: 'status', op: 'is', values: ['custom:7'] })).toBe(true);
    expect(holds({ field: 'status', op: 'is', values: ['custom:8'] })).toBe(false);
    expect(holds({ field: 'status', op: 'is_not', values: ['answered', 'resolved'] })).toBe(true);
  });

  it('tags: any, all, none', () => {
    expect(holds({ field: 'tags', op: 'has_any', values: ['vip', 'x'] })).toBe(true);
    expect(holds({ field: 'tags', op: 'has_all', values: ['vip', 'x'] })).toBe(false);
    expect(holds({ field: 'tags', op: 'has_all', values: ['vip', 'billing'] })).toBe(true);
    expect(holds({ field: 'tags', op: 'has_none', values: ['spam'] })).toBe(true);
    expect(holds({ field: 'tags', op: 'has_none', values: ['vip'] })).toBe(false);
  });

  it('subject and message text, case-insensitive in any script', () => {
    expect(holds({ field: 'subject', op: 'contains', value: 'РАХУНОК' })).toBe(true);
    expect(holds({ field: 'message', op: 'contains', value: 'refund' })).toBe(true);
    expect(holds({ field: 'message', op: 'not_contains', value: 'refund' })).toBe(false);
    expect(holds({ field: 'message', op: 'contains', value: 'refund' }, { message: null })).toBe(false);
  });

  it("contact's email and domain", () => {
    expect(holds({ field: 'contact_email', op: 'is', value: 'olena@example.ua' })).toBe(true);
    expect(holds({ field: 'contact_email', op: 'domain_is', value: '@EXAMPLE.ua' })).toBe(true);
    expect(holds({ field: 'contact_email', op: 'domain_is', value: 'ample.ua' })).toBe(false);
    expect(holds({ field: 'contact_email', op: 'is', value: 'x@y.z' }, { ticket: { ...ticket, contactEmail: null } })).toBe(false);
  });

  it('business hours and who created the ticket', () => {
    expect(holds({ field: 'business_hours', op: 'within' })).toBe(true);
    expect(holds({ field: 'business_hours', op: 'outside' })).toBe(false);
    expect(holds({ field: 'business_hours', op: 'outside' }, { withinBusinessHours: false })).toBe(true);
    expect(holds({ field: 'created_by', op: 'customer' })).toBe(true);
    expect(holds({ field: 'created_by', op: 'agent' }, { ticket: { ...ticket, createdByAgent: true } })).toBe(true);
  });
});

describe('planning what rules do', () => {
  it('all of / any of', () => {
    const yes: TriggerCondition = { field: 'channel', op: 'is', values: ['email'] };
    const no: TriggerCondition = { field: 'channel', op: 'is', values: ['chat'] };
    expect(planTriggers([rule(1, [yes, no])], context()).firings).toEqual([]);
    expect(planTriggers([rule(1, [yes, no], { match: 'any' })], context()).firings.map((f) => f.triggerId)).toEqual([1]);
    expect(planTriggers([rule(1, [], { match: 'any' })], context()).firings.map((f) => f.triggerId)).toEqual([1]);
  });

  it('only enabled rules listening to the event, in order, until one says stop', () => {
    const triggers = [
      rule(1, [], { events: ['agent_reply'] }),
      rule(2, [], { enabled: false }),
      rule(3, []),
      rule(4, [], { actions: [{ type: 'set_priority', priority: 'high' }, { type: 'stop' }] }),
      rule(5, []),
    ];
    const plan = planTriggers(triggers, context());
    expect(plan.firings).toEqual([
      { triggerId: 3, actions: [{ type: 'add_tags', tags: ['r3'] }] },
      { triggerId: 4, actions: [{ type: 'set_priority', priority: 'high' }] },
    ]);
  });

  it('a rule never acts again on the chain its own action started', () => {
    const triggers = [rule(1, [], { events: ['tags_changed'] }), rule(2, [], { events: ['tags_changed'] })];
    expect(planTriggers(triggers, context({ event: 'tags_changed', firedInChain: [1], depth: 1 })).firings.map((f) => f.triggerId)).toEqual([2]);
  });

  it('a chain stops at the depth limit, and a ticket at its hourly limit, saying why', () => {
    expect(planTriggers([rule(1, [])], context({ depth: TRIGGER_MAX_DEPTH }))).toEqual({ firings: [], held: 'depth' });
    expect(planTriggers([rule(1, [])], context({ firingsLastHour: TRIGGER_MAX_FIRINGS_PER_HOUR }))).toEqual({ firings: [], held: 'rate' });
    const plan = planTriggers([rule(1, []), rule(2, [])], context({ firingsLastHour: TRIGGER_MAX_FIRINGS_PER_HOUR - 1 }));
    expect(plan.firings.map((f) => f.triggerId)).toEqual([1]);
    expect(plan.held).toBe('rate');
  });

  it('internal tickets are left alone', () => {
    expect(planTriggers([rule(1, [])], context({ ticket: { ...ticket, internal: true } })).firings).toEqual([]);
  });

  it('explains each condition for the preview', () => {
    const trigger = rule(1, [
      { field: 'channel', op: 'is', values: ['email'] },
      { field: 'priority', op: 'is', values: ['urgent'] },
    ]);
    expect(explainTrigger(trigger, context())).toEqual({ listens: true, conditions: [true, false], holds: false });
    expect(explainTrigger(trigger, context({ event: 'agent_reply' })).listens).toBe(false);
  });
});
