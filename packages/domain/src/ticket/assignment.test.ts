import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode, ErrorCodes } from '../errors.js';
import { type AgentMembership, assertValidDestination, assign, assignChatOwner, assignmentNotice, type Destination, transfer } from './assignment.js';
import type { TicketState } from './ticket.js';

const SUPPORT = 1;
const SALES = 2;
const BILLING = 3;

const ALICE = 10; // support + sales
const BOB = 20; // billing only
const CAROL = 30; // support, deactivated

const alice: AgentMembership = { agentId: ALICE, departmentIds: [SUPPORT, SALES], active: true };
const bob: AgentMembership = { agentId: BOB, departmentIds: [BILLING], active: true };
const carol: AgentMembership = { agentId: CAROL, departmentIds: [SUPPORT], active: false };

const AT = new Date('2024-03-01T08:00:00.000Z');

function ticket(overrides: Partial<TicketState> = {}): TicketState {
  return {
    status: 'open',
    customStatusId: null,
    internal: false,
    channel: 'email',
    priority: 'normal',
    departmentId: SUPPORT,
    assignedAgentId: null,
    contactId: 1,
    createdByAgentId: null,
    createdAt: AT,
    firstAgentReplyAt: null,
    lastCustomerMessageAt: AT,
    lastAgentReplyAt: null,
    resolvedAt: null,
    postponedUntil: null,
    waitingSince: AT,
    ...overrides,
  };
}

function dest(departmentId: number | null, agentId: number | null): Destination {
  return { departmentId, agentId };
}

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

describe('assertValidDestination', () => {
  it('accepts a department alone', () => {
    expect(() => assertValidDestination(dest(SALES, null), null)).not.toThrow();
  });

  it('accepts an active agent alone, whatever their departments', () => {
    expect(() => assertValidDestination(dest(null, BOB), bob)).not.toThrow();
  });

  it('accepts an agent with one of their departments', () => {
    expect(() => assertValidDestination(dest(SALES, ALICE), alice)).not.toThrow();
  });

  it('refuses neither department nor agent', () => {
    expectCode(() => assertValidDestination(dest(null, null), alice), ErrorCodes.ticketNeedsOwner);
    expectCode(() => assertValidDestination(dest(null, null), null), ErrorCodes.ticketNeedsOwner);
  });

  it('refuses an agent who was not found', () => {
    const error = expectCode(() => assertValidDestination(dest(SUPPORT, ALICE), null), ErrorCodes.notFound);
    expect(error.details).toEqual({ agentId: ALICE });
  });

  it('refuses membership data for a different agent', () => {
    expectCode(() => assertValidDestination(dest(SUPPORT, ALICE), bob), ErrorCodes.notFound);
  });

  it('refuses an inactive agent', () => {
    const error = expectCode(() => assertValidDestination(dest(null, CAROL), carol), ErrorCodes.agentInactive);
    expect(error.details).toEqual({ agentId: CAROL });
  });

  it('refuses an inactive agent even in their own department', () => {
    expectCode(() => assertValidDestination(dest(SUPPORT, CAROL), carol), ErrorCodes.agentInactive);
  });

  it('refuses an agent outside the named department', () => {
    const error = expectCode(() => assertValidDestination(dest(SUPPORT, BOB), bob), ErrorCodes.agentNotInDepartment);
    expect(error.details).toEqual({ agentId: BOB, departmentId: SUPPORT });
  });
});

describe.each([
  ['assign', (t: TicketState, d: Destination, a: AgentMembership | null) => assign(t, d, a)],
  ['transfer', (t: TicketState, d: Destination, a: AgentMembership | null) => transfer(t, d, a, false)],
] as const)('%s', (name, run) => {
  const eventType = name === 'assign' ? 'assigned' : 'transferred';
  const extra = name === 'transfer' ? { hasNote: false } : {};

  it('to a department only leaves the ticket for any agent of it', () => {
    const before = ticket({ departmentId: SUPPORT, assignedAgentId: ALICE });
    const change = run(before, dest(BILLING, null), null);
    expect(change.patch).toStrictEqual({ departmentId: BILLING, assignedAgentId: null });
    expect(change.events).toStrictEqual([
      { type: eventType, fromAgentId: ALICE, toAgentId: null, fromDepartmentId: SUPPORT, toDepartmentId: BILLING, ...extra },
    ]);
  });

  it('to an agent only keeps the department when the agent is a member', () => {
    const change = run(ticket({ departmentId: SUPPORT }), dest(null, ALICE), alice);
    expect(change.patch).toStrictEqual({ departmentId: SUPPORT, assignedAgentId: ALICE });
    expect(change.events).toStrictEqual([
      { type: eventType, fromAgentId: null, toAgentId: ALICE, fromDepartmentId: SUPPORT, toDepartmentId: SUPPORT, ...extra },
    ]);
  });

  it('to an agent only drops the department when the agent is not a member', () => {
    const change = run(ticket({ departmentId: SUPPORT }), dest(null, BOB), bob);
    expect(change.patch).toStrictEqual({ departmentId: null, assignedAgentId: BOB });
    expect(change.events).toStrictEqual([
      { type: eventType, fromAgentId: null, toAgentId: BOB, fromDepartmentId: SUPPORT, toDepartmentId: null, ...extra },
    ]);
  });

  it('to an agent only on a ticket without department gives it to the agent alone', () => {
    const change = run(ticket({ departmentId: null, assignedAgentId: BOB }), dest(null, ALICE), alice);
    expect(change.patch).toStrictEqual({ departmentId: null, assignedAgentId: ALICE });
  });

  it('to an agent only checks membership of the kept department on the right agent', () => {
    // Bob is not in Support: the ticket follows Bob out of it.
    const change = run(ticket({ departmentId: SUPPORT, assignedAgentId: ALICE }), dest(null, BOB), bob);
    expect(change.patch).toStrictEqual({ departmentId: null, assignedAgentId: BOB });
  });

  it('to a department and an agent of it', () => {
    const change = run(ticket({ departmentId: SUPPORT, assignedAgentId: null }), dest(SALES, ALICE), alice);
    expect(change.patch).toStrictEqual({ departmentId: SALES, assignedAgentId: ALICE });
    expect(change.events).toStrictEqual([
      { type: eventType, fromAgentId: null, toAgentId: ALICE, fromDepartmentId: SUPPORT, toDepartmentId: SALES, ...extra },
    ]);
  });

  it('refuses an agent who is not in the department', () => {
    expectCode(() => run(ticket(), dest(SUPPORT, BOB), bob), ErrorCodes.agentNotInDepartment);
  });

  it('refuses an inactive agent, alone or with a department', () => {
    expectCode(() => run(ticket({ departmentId: SALES }), dest(null, CAROL), carol), ErrorCodes.agentInactive);
    expectCode(() => run(ticket({ departmentId: SALES }), dest(SUPPORT, CAROL), carol), ErrorCodes.agentInactive);
  });

  it('refuses an unknown agent', () => {
    expectCode(() => run(ticket(), dest(SUPPORT, ALICE), null), ErrorCodes.notFound);
    expectCode(() => run(ticket(), dest(null, ALICE), null), ErrorCodes.notFound);
  });

  it('refuses neither department nor agent', () => {
    expectCode(() => run(ticket(), dest(null, null), null), ErrorCodes.ticketNeedsOwner);
    expectCode(() => run(ticket({ departmentId: null, assignedAgentId: ALICE }), dest(null, null), alice), ErrorCodes.ticketNeedsOwner);
  });

  it('does not mutate the ticket', () => {
    const before = ticket({ assignedAgentId: ALICE });
    const copy = { ...before };
    run(before, dest(BILLING, BOB), bob);
    expect(before).toEqual(copy);
  });
});

describe('assign to the same place', () => {
  it('is no change when department and agent are the same', () => {
    expect(assign(ticket({ departmentId: SUPPORT, assignedAgentId: ALICE }), dest(SUPPORT, ALICE), alice)).toEqual({
      patch: {},
      events: [],
    });
  });

  it('is no change when only the department is named and the ticket is there, unassigned', () => {
    expect(assign(ticket({ departmentId: SUPPORT }), dest(SUPPORT, null), null)).toEqual({ patch: {}, events: [] });
  });

  it('is no change when only the current agent is named and the department is kept', () => {
    expect(assign(ticket({ departmentId: SUPPORT, assignedAgentId: ALICE }), dest(null, ALICE), alice)).toEqual({
      patch: {},
      events: [],
    });
  });

  it('still validates the destination', () => {
    expectCode(
      () => assign(ticket({ departmentId: SUPPORT, assignedAgentId: CAROL }), dest(SUPPORT, CAROL), carol),
      ErrorCodes.agentInactive,
    );
  });
});

describe('transfer to the same place', () => {
  it('is refused when department and agent are the same', () => {
    expectCode(
      () => transfer(ticket({ departmentId: SUPPORT, assignedAgentId: ALICE }), dest(SUPPORT, ALICE), alice, true),
      ErrorCodes.ticketTransferNoChange,
    );
  });

  it('is refused when only the department is named and the ticket is there, unassigned', () => {
    expectCode(() => transfer(ticket({ departmentId: SUPPORT }), dest(SUPPORT, null), null, false), ErrorCodes.ticketTransferNoChange);
  });

  it('is refused when only the current agent is named and the department is kept', () => {
    expectCode(
      () => transfer(ticket({ departmentId: SUPPORT, assignedAgentId: ALICE }), dest(null, ALICE), alice, false),
      ErrorCodes.ticketTransferNoChange,
    );
  });

  it('validates the destination before looking for a change', () => {
    expectCode(
      () => transfer(ticket({ departmentId: SUPPORT, assignedAgentId: CAROL }), dest(SUPPORT, CAROL), carol, false),
      ErrorCodes.agentInactive,
    );
  });
});

describe('transfer', () => {
  it('records whether a note carries the message', () => {
    const withNote = transfer(ticket(), dest(SALES, null), null, true);
    expect(withNote.events).toStrictEqual([
      { type: 'transferred', fromAgentId: null, toAgentId: null, fromDepartmentId: SUPPORT, toDepartmentId: SALES, hasNote: true },
    ]);
    const without = transfer(ticket(), dest(SALES, null), null, false);
    expect(without.events[0]).toMatchObject({ hasNote: false });
  });

  it('unassigns the current agent when only the department is named', () => {
    const change = transfer(ticket({ departmentId: SUPPORT, assignedAgentId: ALICE }), dest(SUPPORT, null), null, false);
    expect(change.patch).toStrictEqual({ departmentId: SUPPORT, assignedAgentId: null });
  });
});

describe('assignmentNotice', () => {
  it('tells the new assignee who made them the assignee', () => {
    expect(assignmentNotice(null, ALICE, BOB)).toEqual({ agentId: ALICE, byAgentId: BOB });
    expect(assignmentNotice(BOB, ALICE, CAROL)).toEqual({ agentId: ALICE, byAgentId: CAROL });
  });

  it('names no one when the system made the change', () => {
    expect(assignmentNotice(null, ALICE, null)).toEqual({ agentId: ALICE, byAgentId: null });
  });

  it('tells nobody when an agent takes a ticket themselves', () => {
    expect(assignmentNotice(null, ALICE, ALICE)).toBeNull();
    expect(assignmentNotice(BOB, ALICE, ALICE)).toBeNull();
  });

  it('tells nobody when the assignee stays or the ticket is left unassigned', () => {
    expect(assignmentNotice(ALICE, ALICE, BOB)).toBeNull();
    expect(assignmentNotice(ALICE, null, BOB)).toBeNull();
    expect(assignmentNotice(null, null, null)).toBeNull();
  });
});

describe('assignChatOwner', () => {
  it('keeps the department when an agent of another department takes a widened chat', () => {
    const change = assignChatOwner(ticket({ channel: 'chat' }), bob);
    expect(change.patch).toEqual({ departmentId: SUPPORT, assignedAgentId: BOB });
    expect(change.events).toEqual([{ type: 'assigned', fromAgentId: null, toAgentId: BOB, fromDepartmentId: SUPPORT, toDepartmentId: SUPPORT }]);
  });

  it('assigns a member of the department the same way, and changes nothing when they already own it', () => {
    expect(assignChatOwner(ticket({ channel: 'chat' }), alice).patch).toEqual({ departmentId: SUPPORT, assignedAgentId: ALICE });
    expect(assignChatOwner(ticket({ channel: 'chat', assignedAgentId: ALICE }), alice)).toEqual({ patch: {}, events: [] });
  });

  it('refuses a deactivated agent', () => {
    expect(() => assignChatOwner(ticket({ channel: 'chat' }), carol)).toThrow(DomainError);
  });
});
