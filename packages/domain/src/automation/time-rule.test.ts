import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../business-hours/calendar.js';
import { ALWAYS_OPEN } from '../business-hours/business-time.js';
import { explainTimeRule, TIME_RULE_PRESETS, type TimeRuleAnchors, timeRuleWindow } from './time-rule.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const utc = (iso: string) => Date.parse(iso);

// Riga, Monday to Friday 09:00–17:00 (UTC+2 in winter).
const riga: BusinessCalendar = { timeZone: 'Europe/Riga', week: [...Array.from({ length: 5 }, () => [{ from: '09:00', to: '17:00' }]), [], []], holidays: [] };

const anchors: TimeRuleAnchors = {
  createdAt: utc('2027-01-08T14:45:00Z'), // Friday 16:45
  lastCustomerMessageAt: utc('2027-01-08T14:45:00Z'),
  lastAgentReplyAt: null,
  statusChangedAt: utc('2027-01-09T10:00:00Z'),
  slaDueAt: { resolution: utc('2027-01-12T10:00:00Z') },
};

describe('time rule windows', () => {
  it('5 calendar days after the last customer message', () => {
    expect(timeRuleWindow({ since: 'last_customer_message', minutes: 5 * 24 * 60, businessHours: false }, anchors, riga)).toEqual({
      holdsFrom: anchors.lastCustomerMessageAt! + 5 * DAY,
      key: `last_customer_message:${anchors.lastCustomerMessageAt}`,
    });
  });

  it('30 business minutes after creation on Friday 16:45 is Monday 09:15', () => {
    expect(timeRuleWindow({ since: 'created', minutes: 30, businessHours: true }, anchors, riga)?.holdsFrom).toBe(utc('2027-01-11T07:15:00Z'));
  });

  it('24 hours before the resolution is due; no window without a running clock or an anchor', () => {
    expect(timeRuleWindow({ since: 'sla_due_within', target: 'resolution', minutes: 24 * 60 }, anchors, riga)).toEqual({
      holdsFrom: utc('2027-01-11T10:00:00Z'),
      key: `resolution:${utc('2027-01-12T10:00:00Z')}`,
    });
    expect(timeRuleWindow({ since: 'sla_due_within', target: 'first_response', minutes: 60 }, anchors, riga)).toBeNull();
    expect(timeRuleWindow({ since: 'last_agent_reply', minutes: 60, businessHours: false }, anchors, riga)).toBeNull();
  });

  it('a new anchor opens a new window, so a rule may act again; the same anchor keeps the key', () => {
    const time = { since: 'last_customer_message', minutes: 60, businessHours: false } as const;
    const first = timeRuleWindow(time, anchors, riga)!;
    const again = timeRuleWindow(time, { ...anchors, statusChangedAt: utc('2027-01-10T00:00:00Z') }, riga)!;
    const later = timeRuleWindow(time, { ...anchors, lastCustomerMessageAt: utc('2027-01-10T00:00:00Z') }, riga)!;
    expect(again.key).toBe(first.key);
    expect(later.key).not.toBe(first.key);
  });

  it('ships the three presets: close answered after 5 days, escalate unassigned new tickets, warn before resolution is due', () => {
    expect(TIME_RULE_PRESETS.map((preset) => preset.time.since)).toEqual(['last_customer_message', 'created', 'sla_due_within']);
    expect(TIME_RULE_PRESETS[0]!.actions.map((action) => action.type)).toEqual(['set_status', 'email_customer']);
  });
});

describe('explainTimeRule', () => {
  const ticket = { channel: 'email', departmentId: 1, assignedAgentId: null, status: 'answered', customStatusId: null, priority: 'normal', companyId: null, tags: [], subject: 'Invoice', contactEmail: null, createdByAgent: false, internal: false } as const;
  const anchors: TimeRuleAnchors = { createdAt: 0, lastCustomerMessageAt: 0, lastAgentReplyAt: null, statusChangedAt: 0, slaDueAt: {} };
  const rule = { time: { since: 'last_customer_message', minutes: 60, businessHours: false }, conditions: [{ field: 'status', op: 'is', values: ['answered'] }] } as const;
  it('holds once the time has come and the conditions hold, never on an internal ticket', () => {
    expect(explainTimeRule(rule, ticket, anchors, ALWAYS_OPEN, 59 * 60_000, true)).toMatchObject({ timeHolds: false, conditions: [true], holds: false });
    expect(explainTimeRule(rule, ticket, anchors, ALWAYS_OPEN, 60 * 60_000, true)).toMatchObject({ timeHolds: true, holds: true, window: { key: 'last_customer_message:0' } });
    expect(explainTimeRule(rule, { ...ticket, internal: true }, anchors, ALWAYS_OPEN, 60 * 60_000, true).holds).toBe(false);
    expect(explainTimeRule(rule, { ...ticket, status: 'open' }, anchors, ALWAYS_OPEN, 60 * 60_000, true)).toMatchObject({ conditions: [false], holds: false });
  });
});
