import { describe, expect, it } from 'vitest';
import { automationRuleProblems } from './rule-problems.js';

const note = { type: 'add_note', body: 'x' } as const;

describe('automationRuleProblems', () => {
  it('accepts a rule that listens and acts', () => {
    expect(automationRuleProblems({ events: ['customer_message'], conditions: [{ field: 'message', op: 'contains', value: 'refund' }], actions: [note] })).toEqual([]);
  });

  it('refuses a trigger without events and a rule that only stops', () => {
    expect(automationRuleProblems({ events: [], conditions: [], actions: [{ type: 'stop' }] }).map((p) => p.code)).toEqual(['no_event', 'no_effect']);
  });

  it('refuses a notification to nobody, a tag added and removed, and two status changes', () => {
    const problems = automationRuleProblems({
      events: ['ticket_created'],
      conditions: [],
      actions: [
        { type: 'notify', assignee: false, ticketDepartment: false, agentIds: [], departmentIds: [], message: 'x', email: false },
        { type: 'add_tags', tags: ['vip'] },
        { type: 'remove_tags', tags: ['vip'] },
        { type: 'set_status', status: 'open' },
        { type: 'set_status', status: 'resolved' },
      ],
    });
    expect(problems).toEqual([{ code: 'notify_nobody', action: 0 }, { code: 'tag_added_and_removed', tag: 'vip' }, { code: 'status_twice' }]);
  });

  it('refuses a message condition where no event carries a message, and in a time rule', () => {
    const condition = { field: 'message', op: 'contains', value: 'x' } as const;
    expect(automationRuleProblems({ events: ['sla_breach'], conditions: [condition], actions: [note] })).toEqual([{ code: 'message_without_message', condition: 0 }]);
    expect(automationRuleProblems({ time: { since: 'created', minutes: 5, businessHours: false }, conditions: [condition], actions: [note] })).toEqual([{ code: 'message_without_message', condition: 0 }]);
  });
});
