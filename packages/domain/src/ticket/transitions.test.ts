import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode, ErrorCodes } from '../errors.js';
import type { StatusChangeReason, SystemEvent } from '../thread/system-event.js';
import { BASE_STATUSES, type BaseStatus, type CustomStatus } from './status.js';
import type { TicketState } from './ticket.js';
import {
  applyChange,
  applyCustomStatus,
  isPostponeDue,
  onAgentReply,
  onCustomerMessage,
  postpone,
  reopen,
  resolve,
  type TicketChange,
  wake,
} from './transitions.js';

// A day in the life of a ticket, in order.
const CREATED = new Date('2024-03-01T08:00:00.000Z');
const FIRST_REPLY = new Date('2024-03-01T09:00:00.000Z');
const LAST_REPLY = new Date('2024-03-01T10:00:00.000Z');
const WAITING = new Date('2024-03-01T11:00:00.000Z');
const RESOLVED_AT = new Date('2024-03-01T12:00:00.000Z');
const NOW = new Date('2024-03-02T12:00:00.000Z');
const LATER = new Date('2024-03-03T12:00:00.000Z');
const EARLIER = new Date('2024-03-02T11:59:59.999Z');
const POSTPONED_UNTIL = new Date('2024-03-05T08:00:00.000Z');

const base: TicketState = {
  status: 'new',
  customStatusId: null,
  internal: false,
  channel: 'email',
  priority: 'normal',
  departmentId: 1,
  assignedAgentId: null,
  contactId: 42,
  createdByAgentId: null,
  createdAt: CREATED,
  firstAgentReplyAt: null,
  lastCustomerMessageAt: CREATED,
  lastAgentReplyAt: null,
  resolvedAt: null,
  postponedUntil: null,
  waitingSince: CREATED,
};

/** A realistic ticket in each base status (how the rules themselves would have left it). */
const STATES: Record<BaseStatus, TicketState> = {
  new: base,
  open: {
    ...base,
    status: 'open',
    firstAgentReplyAt: FIRST_REPLY,
    lastAgentReplyAt: LAST_REPLY,
    lastCustomerMessageAt: WAITING,
    waitingSince: WAITING,
  },
  answered: {
    ...base,
    status: 'answered',
    firstAgentReplyAt: FIRST_REPLY,
    lastAgentReplyAt: LAST_REPLY,
    waitingSince: null,
  },
  resolved: {
    ...base,
    status: 'resolved',
    firstAgentReplyAt: FIRST_REPLY,
    lastAgentReplyAt: LAST_REPLY,
    resolvedAt: RESOLVED_AT,
    waitingSince: null,
  },
  postponed: {
    ...base,
    status: 'postponed',
    firstAgentReplyAt: FIRST_REPLY,
    lastAgentReplyAt: LAST_REPLY,
    lastCustomerMessageAt: WAITING,
    waitingSince: WAITING,
    postponedUntil: POSTPONED_UNTIL,
  },
};

const OPEN_CS: CustomStatus = { id: 101, name: 'Waiting for supplier', baseStatus: 'open' };
const ANSWERED_CS: CustomStatus = { id: 102, name: 'Waiting for customer', baseStatus: 'answered' };
const RESOLVED_CS: CustomStatus = { id: 103, name: 'Duplicate', baseStatus: 'resolved' };
const NEW_CS: CustomStatus = { id: 104, name: 'Untouched', baseStatus: 'new' };
const POSTPONED_CS: CustomStatus = { id: 105, name: 'Snoozed', baseStatus: 'postponed' };

function statusChanged(
  from: BaseStatus,
  to: BaseStatus,
  reason: StatusChangeReason,
  toCustomStatusId: number | null = null,
  fromCustomStatusId: number | null = null,
): SystemEvent {
  return { type: 'status_changed', from, to, fromCustomStatusId, toCustomStatusId, reason };
}

function expectDomainError(fn: () => unknown, code: ErrorCode): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  const error = caught as DomainError;
  expect(error.code).toBe(code);
  return error;
}

type Action =
  | 'onCustomerMessage'
  | 'onAgentReply'
  | 'resolve'
  | 'reopen'
  | 'postpone (future)'
  | 'postpone (past)'
  | 'postpone (now)'
  | 'wake'
  | 'applyCustomStatus(open)'
  | 'applyCustomStatus(answered)'
  | 'applyCustomStatus(resolved)'
  | 'applyCustomStatus(new)'
  | 'applyCustomStatus(postponed)';

const ACTIONS: Record<Action, (t: TicketState) => TicketChange> = {
  onCustomerMessage: (t) => onCustomerMessage(t, NOW),
  onAgentReply: (t) => onAgentReply(t, NOW),
  resolve: (t) => resolve(t, NOW),
  reopen: (t) => reopen(t, NOW),
  'postpone (future)': (t) => postpone(t, LATER, NOW),
  'postpone (past)': (t) => postpone(t, EARLIER, NOW),
  'postpone (now)': (t) => postpone(t, NOW, NOW),
  wake: (t) => wake(t, NOW),
  'applyCustomStatus(open)': (t) => applyCustomStatus(t, OPEN_CS, NOW),
  'applyCustomStatus(answered)': (t) => applyCustomStatus(t, ANSWERED_CS, NOW),
  'applyCustomStatus(resolved)': (t) => applyCustomStatus(t, RESOLVED_CS, NOW),
  'applyCustomStatus(new)': (t) => applyCustomStatus(t, NEW_CS, NOW),
  'applyCustomStatus(postponed)': (t) => applyCustomStatus(t, POSTPONED_CS, NOW),
};

type Outcome = { readonly patch: TicketChange['patch']; readonly events: readonly SystemEvent[] } | { readonly code: ErrorCode };

const INVALID = { code: ErrorCodes.ticketInvalidTransition } as const;
const IN_PAST = { code: ErrorCodes.ticketPostponeInPast } as const;

function customerMessage(from: BaseStatus, waitingSince: Date): Outcome {
  const to = from === 'new' ? 'new' : 'open';
  return {
    patch: {
      status: to,
      customStatusId: null,
      lastCustomerMessageAt: NOW,
      waitingSince,
      postponedUntil: null,
      resolvedAt: null,
    },
    events: from === to ? [] : [statusChanged(from, to, 'customer_message')],
  };
}

function agentReply(from: BaseStatus, firstAgentReplyAt: Date): Outcome {
  return {
    patch: {
      status: 'answered',
      customStatusId: null,
      firstAgentReplyAt,
      lastAgentReplyAt: NOW,
      waitingSince: null,
      postponedUntil: null,
      resolvedAt: null,
    },
    events: from === 'answered' ? [] : [statusChanged(from, 'answered', 'agent_reply')],
  };
}

function resolved(from: BaseStatus): Outcome {
  return {
    patch: { status: 'resolved', customStatusId: null, resolvedAt: NOW, postponedUntil: null, waitingSince: null },
    events: [statusChanged(from, 'resolved', 'resolved')],
  };
}

function postponed(from: BaseStatus): Outcome {
  const postponedEvent: SystemEvent = { type: 'postponed', until: LATER.toISOString() };
  return {
    patch: { status: 'postponed', customStatusId: null, postponedUntil: LATER },
    events: from === 'postponed' ? [postponedEvent] : [statusChanged(from, 'postponed', 'postponed'), postponedEvent],
  };
}

function custom(
  from: BaseStatus,
  status: CustomStatus,
  patch: TicketChange['patch'],
): Outcome {
  return {
    patch: { status: status.baseStatus, customStatusId: status.id, ...patch },
    events: [statusChanged(from, status.baseStatus, 'custom_status', status.id)],
  };
}

/** The full matrix: every base status × every action, with the exact outcome written out by hand. */
const MATRIX: Record<BaseStatus, Record<Action, Outcome>> = {
  new: {
    onCustomerMessage: customerMessage('new', CREATED),
    onAgentReply: agentReply('new', NOW),
    resolve: resolved('new'),
    reopen: INVALID,
    'postpone (future)': postponed('new'),
    'postpone (past)': IN_PAST,
    'postpone (now)': IN_PAST,
    wake: INVALID,
    'applyCustomStatus(open)': custom('new', OPEN_CS, { resolvedAt: null }),
    'applyCustomStatus(answered)': custom('new', ANSWERED_CS, { resolvedAt: null, waitingSince: null }),
    'applyCustomStatus(resolved)': custom('new', RESOLVED_CS, { resolvedAt: NOW, waitingSince: null }),
    'applyCustomStatus(new)': INVALID,
    'applyCustomStatus(postponed)': INVALID,
  },
  open: {
    onCustomerMessage: customerMessage('open', WAITING),
    onAgentReply: agentReply('open', FIRST_REPLY),
    resolve: resolved('open'),
    reopen: INVALID,
    'postpone (future)': postponed('open'),
    'postpone (past)': IN_PAST,
    'postpone (now)': IN_PAST,
    wake: INVALID,
    'applyCustomStatus(open)': custom('open', OPEN_CS, { resolvedAt: null }),
    'applyCustomStatus(answered)': custom('open', ANSWERED_CS, { resolvedAt: null, waitingSince: null }),
    'applyCustomStatus(resolved)': custom('open', RESOLVED_CS, { resolvedAt: NOW, waitingSince: null }),
    'applyCustomStatus(new)': INVALID,
    'applyCustomStatus(postponed)': INVALID,
  },
  answered: {
    onCustomerMessage: customerMessage('answered', NOW),
    onAgentReply: agentReply('answered', FIRST_REPLY),
    resolve: resolved('answered'),
    reopen: INVALID,
    'postpone (future)': postponed('answered'),
    'postpone (past)': IN_PAST,
    'postpone (now)': IN_PAST,
    wake: INVALID,
    'applyCustomStatus(open)': custom('answered', OPEN_CS, { resolvedAt: null, waitingSince: NOW }),
    'applyCustomStatus(answered)': custom('answered', ANSWERED_CS, { resolvedAt: null, waitingSince: null }),
    'applyCustomStatus(resolved)': custom('answered', RESOLVED_CS, { resolvedAt: NOW, waitingSince: null }),
    'applyCustomStatus(new)': INVALID,
    'applyCustomStatus(postponed)': INVALID,
  },
  resolved: {
    onCustomerMessage: customerMessage('resolved', NOW),
    onAgentReply: agentReply('resolved', FIRST_REPLY),
    resolve: INVALID,
    reopen: {
      patch: { status: 'open', customStatusId: null, resolvedAt: null, waitingSince: NOW },
      events: [statusChanged('resolved', 'open', 'reopened')],
    },
    'postpone (future)': INVALID,
    // Resolved is refused before the time is even looked at: reopen first.
    'postpone (past)': INVALID,
    'postpone (now)': INVALID,
    wake: INVALID,
    'applyCustomStatus(open)': custom('resolved', OPEN_CS, { resolvedAt: null, waitingSince: NOW }),
    'applyCustomStatus(answered)': custom('resolved', ANSWERED_CS, { resolvedAt: null, waitingSince: null }),
    // Re-labelling a resolved ticket keeps the moment it was resolved.
    'applyCustomStatus(resolved)': custom('resolved', RESOLVED_CS, { resolvedAt: RESOLVED_AT, waitingSince: null }),
    'applyCustomStatus(new)': INVALID,
    'applyCustomStatus(postponed)': INVALID,
  },
  postponed: {
    onCustomerMessage: customerMessage('postponed', WAITING),
    onAgentReply: agentReply('postponed', FIRST_REPLY),
    resolve: resolved('postponed'),
    reopen: INVALID,
    'postpone (future)': postponed('postponed'),
    'postpone (past)': IN_PAST,
    'postpone (now)': IN_PAST,
    wake: {
      patch: { status: 'open', customStatusId: null, postponedUntil: null, waitingSince: WAITING },
      events: [statusChanged('postponed', 'open', 'woke')],
    },
    'applyCustomStatus(open)': INVALID,
    'applyCustomStatus(answered)': INVALID,
    'applyCustomStatus(resolved)': INVALID,
    'applyCustomStatus(new)': INVALID,
    'applyCustomStatus(postponed)': INVALID,
  },
};

const CASES = BASE_STATUSES.flatMap((from) =>
  (Object.keys(ACTIONS) as Action[]).map((action) => ({ from, action, outcome: MATRIX[from][action] })),
);

describe('status transition matrix', () => {
  it('covers every base status × every action', () => {
    expect(CASES).toHaveLength(BASE_STATUSES.length * Object.keys(ACTIONS).length);
    expect(Object.keys(MATRIX).sort()).toEqual([...BASE_STATUSES].sort());
  });

  it.each(CASES)('$from → $action', ({ from, action, outcome }) => {
    const ticket = STATES[from];
    const run = () => ACTIONS[action](ticket);
    if ('code' in outcome) {
      const error = expectDomainError(run, outcome.code);
      expect(error.name).toBe('DomainError');
      return;
    }
    const change = run();
    expect(change.patch).toStrictEqual(outcome.patch);
    expect(change.events).toStrictEqual(outcome.events);
    // The rules never mutate their input.
    expect(ticket).toStrictEqual(STATES[from]);
  });

  it('refusals carry the action and current status in their details', () => {
    const error = expectDomainError(() => reopen(STATES.open, NOW), ErrorCodes.ticketInvalidTransition);
    expect(error.details).toEqual({ action: 'reopen', status: 'open' });
    const again = expectDomainError(() => resolve(STATES.resolved, NOW), ErrorCodes.ticketInvalidTransition);
    expect(again.details).toEqual({ action: 'resolve', status: 'resolved' });
  });
});

describe('tickets carrying a custom status', () => {
  const WAITING_FOR_SUPPLIER = 7;
  const WAITING_FOR_CUSTOMER = 8;
  const DUPLICATE = 9;
  const openCustom: TicketState = { ...STATES.open, customStatusId: WAITING_FOR_SUPPLIER };
  const answeredCustom: TicketState = { ...STATES.answered, customStatusId: WAITING_FOR_CUSTOMER };
  const resolvedCustom: TicketState = { ...STATES.resolved, customStatusId: DUPLICATE };

  it('a customer message on an Open ticket keeps its custom status and records no status change', () => {
    const change = onCustomerMessage(openCustom, NOW);
    expect(change.patch.status).toBe('open');
    expect(change.patch.customStatusId).toBe(WAITING_FOR_SUPPLIER);
    expect(change.events).toEqual([]);
  });

  it('a customer message on a custom Answered ticket clears the custom status', () => {
    const change = onCustomerMessage(answeredCustom, NOW);
    expect(change.patch.customStatusId).toBeNull();
    expect(change.events).toEqual([statusChanged('answered', 'open', 'customer_message', null, WAITING_FOR_CUSTOMER)]);
  });

  it('a customer message on a custom Resolved ticket clears the custom status and resolvedAt', () => {
    const change = onCustomerMessage(resolvedCustom, NOW);
    expect(change.patch).toMatchObject({ status: 'open', customStatusId: null, resolvedAt: null, waitingSince: NOW });
    expect(change.events).toEqual([statusChanged('resolved', 'open', 'customer_message', null, DUPLICATE)]);
  });

  it.each([
    ['open', openCustom, WAITING_FOR_SUPPLIER],
    ['resolved', resolvedCustom, DUPLICATE],
  ] as const)('an agent reply on a custom %s ticket clears the custom status', (from, ticket, id) => {
    const change = onAgentReply(ticket, NOW);
    expect(change.patch.customStatusId).toBeNull();
    expect(change.events).toEqual([statusChanged(from, 'answered', 'agent_reply', null, id)]);
  });

  it.each([
    ['open', openCustom, WAITING_FOR_SUPPLIER],
    ['answered', answeredCustom, WAITING_FOR_CUSTOMER],
  ] as const)('resolving a custom %s ticket clears the custom status', (from, ticket, id) => {
    const change = resolve(ticket, NOW);
    expect(change.patch.customStatusId).toBeNull();
    expect(change.events).toEqual([statusChanged(from, 'resolved', 'resolved', null, id)]);
  });

  it('a ticket resolved through a custom status still cannot be resolved again', () => {
    expectDomainError(() => resolve(resolvedCustom, NOW), ErrorCodes.ticketInvalidTransition);
  });

  it('reopening a custom Resolved ticket clears the custom status', () => {
    const change = reopen(resolvedCustom, NOW);
    expect(change.patch).toStrictEqual({ status: 'open', customStatusId: null, resolvedAt: null, waitingSince: NOW });
    expect(change.events).toEqual([statusChanged('resolved', 'open', 'reopened', null, DUPLICATE)]);
  });

  it.each([
    ['open', openCustom, WAITING_FOR_SUPPLIER],
    ['answered', answeredCustom, WAITING_FOR_CUSTOMER],
  ] as const)('postponing a custom %s ticket clears the custom status', (from, ticket, id) => {
    const change = postpone(ticket, LATER, NOW);
    expect(change.patch.customStatusId).toBeNull();
    expect(change.events).toEqual([
      statusChanged(from, 'postponed', 'postponed', null, id),
      { type: 'postponed', until: LATER.toISOString() },
    ]);
  });

  it('switching from one custom status to another with the same base records the change', () => {
    const change = applyCustomStatus(openCustom, OPEN_CS, NOW);
    expect(change.patch).toStrictEqual({ status: 'open', customStatusId: OPEN_CS.id, resolvedAt: null });
    expect(change.events).toEqual([
      statusChanged('open', 'open', 'custom_status', OPEN_CS.id, WAITING_FOR_SUPPLIER),
    ]);
  });

  it.each([
    ['open', { ...STATES.open, customStatusId: OPEN_CS.id }, OPEN_CS],
    ['answered', { ...STATES.answered, customStatusId: ANSWERED_CS.id }, ANSWERED_CS],
    ['resolved', { ...STATES.resolved, customStatusId: RESOLVED_CS.id }, RESOLVED_CS],
  ] as const)('setting the custom status a %s ticket already has is refused', (_from, ticket, status) => {
    const error = expectDomainError(() => applyCustomStatus(ticket, status, NOW), ErrorCodes.ticketInvalidTransition);
    expect(error.message).toContain(status.name);
  });
});

describe('onCustomerMessage', () => {
  it('keeps the oldest unanswered message as the start of the wait', () => {
    const first = applyChange(STATES.answered, onCustomerMessage(STATES.answered, WAITING));
    const second = applyChange(first, onCustomerMessage(first, NOW));
    expect(second.waitingSince).toEqual(WAITING);
    expect(second.lastCustomerMessageAt).toEqual(NOW);
    expect(second.status).toBe('open');
  });

  it('wakes a postponed ticket and forgets its wake-up time', () => {
    const next = applyChange(STATES.postponed, onCustomerMessage(STATES.postponed, NOW));
    expect(next.status).toBe('open');
    expect(next.postponedUntil).toBeNull();
  });

  it('a postponed ticket nobody waited on starts waiting from the message', () => {
    const ticket: TicketState = { ...STATES.postponed, waitingSince: null };
    expect(onCustomerMessage(ticket, NOW).patch.waitingSince).toEqual(NOW);
  });

  it.each(BASE_STATUSES)('refuses an internal %s ticket', (status) => {
    const ticket: TicketState = { ...STATES[status], internal: true, channel: 'internal' };
    expectDomainError(() => onCustomerMessage(ticket, NOW), ErrorCodes.ticketInternalHasNoCustomer);
  });
});

describe('onAgentReply', () => {
  it('keeps firstAgentReplyAt on a second reply and moves lastAgentReplyAt', () => {
    const first = applyChange(STATES.new, onAgentReply(STATES.new, FIRST_REPLY));
    expect(first.firstAgentReplyAt).toEqual(FIRST_REPLY);
    expect(first.lastAgentReplyAt).toEqual(FIRST_REPLY);
    const reopened = applyChange(first, onCustomerMessage(first, WAITING));
    const second = applyChange(reopened, onAgentReply(reopened, NOW));
    expect(second.firstAgentReplyAt).toEqual(FIRST_REPLY);
    expect(second.lastAgentReplyAt).toEqual(NOW);
    expect(second.waitingSince).toBeNull();
    expect(second.status).toBe('answered');
  });

  it.each(BASE_STATUSES)('refuses an internal %s ticket', (status) => {
    const ticket: TicketState = { ...STATES[status], internal: true, channel: 'internal' };
    expectDomainError(() => onAgentReply(ticket, NOW), ErrorCodes.ticketInternalHasNoCustomer);
  });

  it('refuses an internal ticket about nobody with the internal code, not no_recipient', () => {
    const ticket: TicketState = { ...STATES.new, internal: true, channel: 'internal', contactId: null };
    expectDomainError(() => onAgentReply(ticket, NOW), ErrorCodes.ticketInternalHasNoCustomer);
  });

  it.each(BASE_STATUSES)('refuses a %s ticket without a contact', (status) => {
    const ticket: TicketState = { ...STATES[status], contactId: null };
    expectDomainError(() => onAgentReply(ticket, NOW), ErrorCodes.ticketNoRecipient);
  });
});

describe('resolve / reopen', () => {
  it('a resolved ticket reopened waits from the reopening, then can be resolved again', () => {
    const reopened = applyChange(STATES.resolved, reopen(STATES.resolved, NOW));
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, waitingSince: NOW });
    const again = applyChange(reopened, resolve(reopened, LATER));
    expect(again).toMatchObject({ status: 'resolved', resolvedAt: LATER, waitingSince: null });
  });

  it('resolving a postponed ticket drops its wake-up time', () => {
    const next = applyChange(STATES.postponed, resolve(STATES.postponed, NOW));
    expect(next.postponedUntil).toBeNull();
    expect(isPostponeDue(next, POSTPONED_UNTIL)).toBe(false);
  });
});

describe('postpone', () => {
  it('refuses a time one millisecond in the past and accepts one millisecond in the future', () => {
    const error = expectDomainError(
      () => postpone(STATES.open, new Date(NOW.getTime() - 1), NOW),
      ErrorCodes.ticketPostponeInPast,
    );
    expect(error.details).toEqual({ until: new Date(NOW.getTime() - 1).toISOString() });
    const until = new Date(NOW.getTime() + 1);
    expect(postpone(STATES.open, until, NOW).patch.postponedUntil).toEqual(until);
  });

  it('keeps waitingSince so the ticket resumes its place in the queue when it wakes', () => {
    const change = postpone(STATES.open, LATER, NOW);
    expect(change.patch).not.toHaveProperty('waitingSince');
    const asleep = applyChange(STATES.open, change);
    const woken = applyChange(asleep, wake(asleep, LATER));
    expect(woken.waitingSince).toEqual(WAITING);
  });

  it('re-postponing a postponed ticket moves its wake-up time', () => {
    const next = applyChange(STATES.postponed, postpone(STATES.postponed, LATER, NOW));
    expect(next.postponedUntil).toEqual(LATER);
  });

  it('internal tickets can be postponed', () => {
    const ticket: TicketState = { ...STATES.new, internal: true, channel: 'internal', contactId: null };
    expect(postpone(ticket, LATER, NOW).patch.status).toBe('postponed');
  });
});

describe('wake', () => {
  it('a postponed ticket nobody waited on waits from the moment it woke', () => {
    const ticket: TicketState = { ...STATES.postponed, waitingSince: null };
    const change = wake(ticket, NOW);
    expect(change.patch).toStrictEqual({ status: 'open', customStatusId: null, postponedUntil: null, waitingSince: NOW });
    expect(change.events).toEqual([statusChanged('postponed', 'open', 'woke')]);
  });
});

describe('isPostponeDue', () => {
  const ticket = STATES.postponed;

  it('is not due before the time', () => {
    expect(isPostponeDue(ticket, new Date(POSTPONED_UNTIL.getTime() - 1))).toBe(false);
  });

  it('is due exactly at the time', () => {
    expect(isPostponeDue(ticket, POSTPONED_UNTIL)).toBe(true);
  });

  it('is due after the time', () => {
    expect(isPostponeDue(ticket, new Date(POSTPONED_UNTIL.getTime() + 60_000))).toBe(true);
  });

  it('is never due without a wake-up time', () => {
    expect(isPostponeDue({ status: 'postponed', postponedUntil: null }, LATER)).toBe(false);
  });

  it.each(BASE_STATUSES.filter((s) => s !== 'postponed'))('is never due for a %s ticket', (status) => {
    expect(isPostponeDue({ status, postponedUntil: POSTPONED_UNTIL }, new Date('2030-01-01T00:00:00.000Z'))).toBe(false);
  });
});

describe('applyCustomStatus', () => {
  it('names the refused base in the message', () => {
    expect(() => applyCustomStatus(STATES.open, NEW_CS, NOW)).toThrow(/new/);
    expect(() => applyCustomStatus(STATES.open, POSTPONED_CS, NOW)).toThrow(/postponed/);
  });

  it('moving Answered → Open through a custom status puts the ticket back in the queue, waiting from now', () => {
    const change = applyCustomStatus(STATES.answered, OPEN_CS, NOW);
    expect(change.patch.waitingSince).toEqual(NOW);
  });

  it('moving an Open ticket to an Open custom status keeps its original wait', () => {
    const change = applyCustomStatus(STATES.open, OPEN_CS, NOW);
    expect(change.patch).not.toHaveProperty('waitingSince');
  });
});

describe('onAgentReply and custom statuses', () => {
  it('keeps a custom status that is a kind of Answered: the reply says what it already says', () => {
    const waiting = applyChange(STATES.open, applyCustomStatus(STATES.open, ANSWERED_CS, NOW));
    const change = onAgentReply(waiting, LATER);
    expect(change.patch.status).toBe('answered');
    expect(change.patch.customStatusId).toBe(ANSWERED_CS.id);
    expect(change.events).toEqual([]);
  });

  it('replaces a custom status of another kind, and the thread says so', () => {
    const waiting = applyChange(STATES.answered, applyCustomStatus(STATES.answered, OPEN_CS, NOW));
    const change = onAgentReply(waiting, LATER);
    expect(change.patch).toMatchObject({ status: 'answered', customStatusId: null });
    expect(change.events).toEqual([
      { type: 'status_changed', from: 'open', to: 'answered', fromCustomStatusId: OPEN_CS.id, toCustomStatusId: null, reason: 'agent_reply' },
    ]);
  });
});

describe('applyChange', () => {
  it('merges the patch without mutating the ticket and keeps extra fields', () => {
    const ticket = { ...STATES.open, id: 5 };
    const next = applyChange(ticket, resolve(ticket, NOW));
    expect(next).toEqual({ ...ticket, status: 'resolved', resolvedAt: NOW, waitingSince: null, postponedUntil: null });
    expect(next.id).toBe(5);
    expect(ticket.status).toBe('open');
  });

  it('an empty change gives an equal ticket', () => {
    expect(applyChange(STATES.new, { patch: {}, events: [] })).toEqual(STATES.new);
  });
});
