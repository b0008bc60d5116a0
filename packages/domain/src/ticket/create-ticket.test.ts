import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode, ErrorCodes } from '../errors.js';
import type { AgentMembership } from './assignment.js';
import { changePriority, changeSubject, normalizeSubject, openCustomerTicket, openInternalTicket } from './create-ticket.js';
import { CHANNELS, PRIORITIES, type Priority, SUBJECT_MAX_LENGTH, type TicketState } from './ticket.js';
import { isToSolveCandidate } from './to-solve.js';
import { canCustomerSeeTicket } from '../visibility.js';

const AT = new Date('2024-03-01T08:00:00.000Z');
const SUPPORT = 1;
const alice: AgentMembership = { agentId: 10, departmentIds: [SUPPORT], active: true };
const bob: AgentMembership = { agentId: 20, departmentIds: [2], active: true };

function expectCode(fn: () => unknown, code: ErrorCode): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).code).toBe(code);
  return caught as DomainError;
}

describe('normalizeSubject', () => {
  it('trims surrounding whitespace', () => {
    expect(normalizeSubject('  Printer on fire  ')).toBe('Printer on fire');
  });

  it.each([
    ['Printer\non fire', 'Printer on fire'],
    ['Printer\r\non fire', 'Printer on fire'],
    ['Printer\r\n\r\n\ton fire', 'Printer on fire'],
    ['Printer\ron\tfire', 'Printer on fire'],
    ['\nPrinter on fire\n', 'Printer on fire'],
  ])('collapses line breaks and tabs in %j', (input, expected) => {
    expect(normalizeSubject(input)).toBe(expected);
  });

  it('leaves inner spaces and other characters alone', () => {
    expect(normalizeSubject('Re:  Ünïcødé — “quotes” 🔥')).toBe('Re:  Ünïcødé — “quotes” 🔥');
  });

  it.each([[''], ['   '], ['\n\r\t'], [' \n ']])('refuses an empty subject %j', (input) => {
    expectCode(() => normalizeSubject(input), ErrorCodes.ticketSubjectInvalid);
  });

  it('accepts exactly the maximum length', () => {
    const subject = 'x'.repeat(SUBJECT_MAX_LENGTH);
    expect(normalizeSubject(subject)).toBe(subject);
    expect(SUBJECT_MAX_LENGTH).toBe(250);
  });

  it('refuses one character more than the maximum', () => {
    expectCode(() => normalizeSubject('x'.repeat(SUBJECT_MAX_LENGTH + 1)), ErrorCodes.ticketSubjectInvalid);
  });

  it('measures the length after trimming', () => {
    const subject = 'x'.repeat(SUBJECT_MAX_LENGTH);
    expect(normalizeSubject(`  ${subject}\n`)).toBe(subject);
  });
});

describe('openCustomerTicket', () => {
  const input = {
    subject: ' Printer\non fire ',
    destination: { departmentId: SUPPORT, agentId: null },
    agent: null,
    channel: 'email' as const,
    contactId: 100,
    createdByAgentId: null,
  };

  it('starts New and waiting for an agent from its first message', () => {
    const { state, subject, events } = openCustomerTicket(input, AT);
    expect(subject).toBe('Printer on fire');
    expect(state).toStrictEqual({
      status: 'new',
      customStatusId: null,
      internal: false,
      channel: 'email',
      priority: 'normal',
      departmentId: SUPPORT,
      assignedAgentId: null,
      contactId: 100,
      createdByAgentId: null,
      createdAt: AT,
      firstAgentReplyAt: null,
      lastCustomerMessageAt: AT,
      lastAgentReplyAt: null,
      resolvedAt: null,
      postponedUntil: null,
      waitingSince: AT,
    } satisfies TicketState);
    expect(events).toStrictEqual([]);
  });

  it.each(CHANNELS.filter((c) => c !== 'internal'))('keeps the %s channel', (channel) => {
    expect(openCustomerTicket({ ...input, channel }, AT).state.channel).toBe(channel);
  });

  it.each(PRIORITIES)('takes the %s priority', (priority: Priority) => {
    expect(openCustomerTicket({ ...input, priority }, AT).state.priority).toBe(priority);
  });

  it('records the agent who opened it on the customer’s behalf', () => {
    expect(openCustomerTicket({ ...input, createdByAgentId: 10 }, AT).state.createdByAgentId).toBe(10);
  });

  it('may be assigned to an agent of the department from the start', () => {
    const { state } = openCustomerTicket({ ...input, destination: { departmentId: SUPPORT, agentId: 10 }, agent: alice }, AT);
    expect(state.departmentId).toBe(SUPPORT);
    expect(state.assignedAgentId).toBe(10);
  });

  it('may arrive without any destination (routing decides later)', () => {
    const { state } = openCustomerTicket({ ...input, destination: { departmentId: null, agentId: null } }, AT);
    expect(state.departmentId).toBeNull();
    expect(state.assignedAgentId).toBeNull();
  });

  it('refuses an agent outside the department', () => {
    expectCode(
      () => openCustomerTicket({ ...input, destination: { departmentId: SUPPORT, agentId: 20 }, agent: bob }, AT),
      ErrorCodes.agentNotInDepartment,
    );
  });

  it('refuses an inactive agent', () => {
    expectCode(
      () =>
        openCustomerTicket({ ...input, destination: { departmentId: null, agentId: 10 }, agent: { ...alice, active: false } }, AT),
      ErrorCodes.agentInactive,
    );
  });

  it('refuses an invalid subject', () => {
    expectCode(() => openCustomerTicket({ ...input, subject: ' \n ' }, AT), ErrorCodes.ticketSubjectInvalid);
    expectCode(() => openCustomerTicket({ ...input, subject: 'y'.repeat(251) }, AT), ErrorCodes.ticketSubjectInvalid);
  });

  it('is in "To solve" for the department and visible to its customer', () => {
    const { state } = openCustomerTicket(input, AT);
    expect(isToSolveCandidate({ ...state, id: 1, folder: 'inbox' }, { kind: 'agent', agentId: 10, role: 'agent', departmentIds: [SUPPORT] })).toBe(
      true,
    );
    expect(canCustomerSeeTicket({ kind: 'customer', contactId: 100 }, state)).toBe(true);
  });
});

describe('openInternalTicket', () => {
  const input = {
    subject: 'Call the supplier',
    destination: { departmentId: SUPPORT, agentId: 10 },
    agent: alice,
    aboutContactId: 100,
    createdByAgentId: 30,
  };

  it('starts New, internal, on the internal channel, waiting from its creation', () => {
    const { state, subject, events } = openInternalTicket(input, AT);
    expect(subject).toBe('Call the supplier');
    expect(state).toStrictEqual({
      status: 'new',
      customStatusId: null,
      internal: true,
      channel: 'internal',
      priority: 'normal',
      departmentId: SUPPORT,
      assignedAgentId: 10,
      contactId: 100,
      createdByAgentId: 30,
      createdAt: AT,
      firstAgentReplyAt: null,
      lastCustomerMessageAt: null,
      lastAgentReplyAt: null,
      resolvedAt: null,
      postponedUntil: null,
      waitingSince: AT,
    } satisfies TicketState);
    expect(events).toStrictEqual([]);
  });

  it('may be about nobody', () => {
    expect(openInternalTicket({ ...input, aboutContactId: null }, AT).state.contactId).toBeNull();
  });

  it('takes a priority', () => {
    expect(openInternalTicket({ ...input, priority: 'urgent' }, AT).state.priority).toBe('urgent');
  });

  it('is never visible to the contact it is about', () => {
    const { state } = openInternalTicket(input, AT);
    expect(canCustomerSeeTicket({ kind: 'customer', contactId: 100 }, state)).toBe(false);
  });

  it('needs a department or an agent', () => {
    expectCode(
      () => openInternalTicket({ ...input, destination: { departmentId: null, agentId: null }, agent: null }, AT),
      ErrorCodes.ticketNeedsOwner,
    );
  });

  it('refuses an agent outside the department', () => {
    expectCode(
      () => openInternalTicket({ ...input, destination: { departmentId: SUPPORT, agentId: 20 }, agent: bob }, AT),
      ErrorCodes.agentNotInDepartment,
    );
  });

  it('refuses an invalid subject', () => {
    expectCode(() => openInternalTicket({ ...input, subject: '' }, AT), ErrorCodes.ticketSubjectInvalid);
  });

  it('normalizes the subject', () => {
    expect(openInternalTicket({ ...input, subject: '\tCall\nthe supplier ' }, AT).subject).toBe('Call the supplier');
  });
});

describe('changeSubject', () => {
  it('records the change', () => {
    expect(changeSubject('Old', 'New subject')).toStrictEqual({
      subject: 'New subject',
      events: [{ type: 'subject_changed', from: 'Old', to: 'New subject' }],
    });
  });

  it('records the normalized subject', () => {
    expect(changeSubject('Old', ' New\nsubject ').events).toStrictEqual([
      { type: 'subject_changed', from: 'Old', to: 'New subject' },
    ]);
  });

  it('records nothing when the subject does not change', () => {
    expect(changeSubject('Same', 'Same')).toStrictEqual({ subject: 'Same', events: [] });
  });

  it('records nothing when only whitespace around it changes', () => {
    expect(changeSubject('Same', '  Same\n')).toStrictEqual({ subject: 'Same', events: [] });
  });

  it('is case-sensitive', () => {
    expect(changeSubject('same', 'Same').events).toHaveLength(1);
  });

  it('refuses an invalid subject', () => {
    expectCode(() => changeSubject('Old', '   '), ErrorCodes.ticketSubjectInvalid);
    expectCode(() => changeSubject('Old', 'z'.repeat(251)), ErrorCodes.ticketSubjectInvalid);
  });
});

describe('changePriority', () => {
  const { state } = openCustomerTicket(
    {
      subject: 'S',
      destination: { departmentId: SUPPORT, agentId: null },
      agent: null,
      channel: 'chat',
      contactId: 1,
      createdByAgentId: null,
    },
    AT,
  );

  it.each(PRIORITIES.filter((p) => p !== 'normal'))('records normal → %s', (priority) => {
    expect(changePriority(state, priority)).toStrictEqual({
      patch: { priority },
      events: [{ type: 'priority_changed', from: 'normal', to: priority }],
    });
  });

  it('is no change for the same priority', () => {
    expect(changePriority(state, 'normal')).toStrictEqual({ patch: {}, events: [] });
  });
});
