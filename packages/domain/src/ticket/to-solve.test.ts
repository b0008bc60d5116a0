import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCodes } from '../errors.js';
import type { AgentPrincipal } from '../principal.js';
import { AWAITING_AGENT_STATUSES, BASE_STATUSES, type BaseStatus } from './status.js';
import { TICKET_FOLDERS, type TicketFolder } from './ticket-list.js';
import {
  claimForAgent,
  compareToSolveUrgency,
  isToSolveCandidate,
  pickToSolve,
  type ToSolveCriteria,
  toSolveCriteria,
} from './to-solve.js';

const ME = 10;
const OTHER = 20;
const MY_DEPT = 1;
const MY_OTHER_DEPT = 2;
const NOT_MY_DEPT = 3;

const agent: AgentPrincipal = { kind: 'agent', agentId: ME, role: 'agent', departmentIds: [MY_DEPT, MY_OTHER_DEPT] };

const CREATED = new Date('2024-03-01T08:00:00.000Z');

interface Candidate {
  readonly id: number;
  readonly folder: TicketFolder;
  readonly status: BaseStatus;
  readonly departmentId: number | null;
  readonly assignedAgentId: number | null;
  readonly waitingSince: Date | null;
  readonly createdAt: Date;
  readonly slaNextDueAt?: Date | null;
}

function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    id: 1,
    folder: 'inbox',
    status: 'open',
    departmentId: MY_DEPT,
    assignedAgentId: null,
    waitingSince: new Date('2024-03-01T09:00:00.000Z'),
    createdAt: CREATED,
    ...overrides,
  };
}

function at(minutes: number): Date {
  return new Date(CREATED.getTime() + minutes * 60_000);
}

describe('toSolveCriteria', () => {
  it('states the rule declaratively for the repository', () => {
    expect(toSolveCriteria(agent)).toEqual({
      folder: 'inbox',
      statuses: ['new', 'open'],
      agentId: ME,
      departmentIds: [MY_DEPT, MY_OTHER_DEPT],
      orderBy: [
        { field: 'slaNextDueAt', direction: 'asc' },
        { field: 'waitingSince', direction: 'asc' },
        { field: 'id', direction: 'asc' },
      ],
    });
  });

  it('waits on exactly the awaiting-agent statuses', () => {
    expect(toSolveCriteria(agent).statuses).toEqual(AWAITING_AGENT_STATUSES);
  });
});

describe('isToSolveCandidate', () => {
  it.each([
    ['new', true],
    ['open', true],
    ['answered', false],
    ['resolved', false],
    ['postponed', false],
  ] as const)('an unassigned %s ticket in my department → %s', (status, expected) => {
    expect(isToSolveCandidate(candidate({ status }), agent)).toBe(expected);
  });

  it.each([
    ['new', true],
    ['open', true],
    ['answered', false],
    ['resolved', false],
    ['postponed', false],
  ] as const)('a %s ticket assigned to me → %s', (status, expected) => {
    expect(isToSolveCandidate(candidate({ status, assignedAgentId: ME }), agent)).toBe(expected);
  });

  it.each(BASE_STATUSES)('a %s ticket assigned to another agent is never a candidate', (status) => {
    expect(isToSolveCandidate(candidate({ status, assignedAgentId: OTHER }), agent)).toBe(false);
    expect(isToSolveCandidate(candidate({ status, assignedAgentId: OTHER, departmentId: null }), agent)).toBe(false);
  });

  it('a ticket assigned to me outside my departments is a candidate', () => {
    expect(isToSolveCandidate(candidate({ assignedAgentId: ME, departmentId: NOT_MY_DEPT }), agent)).toBe(true);
  });

  it('a ticket assigned to me without a department is a candidate', () => {
    expect(isToSolveCandidate(candidate({ assignedAgentId: ME, departmentId: null }), agent)).toBe(true);
  });

  it('an unassigned ticket in any of my departments is a candidate', () => {
    expect(isToSolveCandidate(candidate({ departmentId: MY_DEPT }), agent)).toBe(true);
    expect(isToSolveCandidate(candidate({ departmentId: MY_OTHER_DEPT }), agent)).toBe(true);
  });

  it('an unassigned ticket outside my departments is not a candidate', () => {
    expect(isToSolveCandidate(candidate({ departmentId: NOT_MY_DEPT }), agent)).toBe(false);
  });

  it('an unassigned ticket without a department is not a candidate', () => {
    expect(isToSolveCandidate(candidate({ departmentId: null }), agent)).toBe(false);
  });

  it('an agent without departments only gets tickets assigned to them', () => {
    const loner: AgentPrincipal = { ...agent, departmentIds: [] };
    expect(isToSolveCandidate(candidate(), loner)).toBe(false);
    expect(isToSolveCandidate(candidate({ assignedAgentId: ME }), loner)).toBe(true);
  });

  it('administrators get no special treatment', () => {
    const admin: AgentPrincipal = { ...agent, role: 'administrator', departmentIds: [] };
    expect(isToSolveCandidate(candidate({ departmentId: NOT_MY_DEPT }), admin)).toBe(false);
    expect(isToSolveCandidate(candidate({ assignedAgentId: OTHER }), admin)).toBe(false);
  });
});

/** The criteria read the way a repository would turn them into a WHERE clause. */
function matchesCriteria(ticket: Candidate, criteria: ToSolveCriteria): boolean {
  if (ticket.folder !== criteria.folder) return false;
  if (!criteria.statuses.includes(ticket.status)) return false;
  if (ticket.assignedAgentId === criteria.agentId) return true;
  return (
    ticket.assignedAgentId === null && ticket.departmentId !== null && criteria.departmentIds.includes(ticket.departmentId)
  );
}

/** SQL-like ordering straight from criteria.orderBy: NULLS LAST, then the id. */
function orderByCriteria(criteria: ToSolveCriteria): (a: Candidate, b: Candidate) => number {
  return (a, b) => {
    for (const { field } of criteria.orderBy) {
      const value = (c: Candidate) => (field === 'id' ? c.id : field === 'slaNextDueAt' ? (c.slaNextDueAt?.getTime() ?? null) : (c.waitingSince?.getTime() ?? null));
      const va = value(a);
      const vb = value(b);
      if (va === vb) continue;
      if (va === null) return 1;
      if (vb === null) return -1;
      return va - vb;
    }
    return 0;
  };
}

/** Every combination of the fields that matter, built deterministically. */
function generateTickets(): Candidate[] {
  const departments = [null, MY_DEPT, MY_OTHER_DEPT, NOT_MY_DEPT];
  const assignees = [null, ME, OTHER];
  const waits = [null, at(30), at(10), at(10), at(60)];
  const tickets: Candidate[] = [];
  let id = 1;
  for (const folder of TICKET_FOLDERS) {
    for (const status of BASE_STATUSES) {
      for (const departmentId of departments) {
        for (const assignedAgentId of assignees) {
          for (const waitingSince of waits) {
            // Scramble ids so id order is not creation order of the combinations.
            tickets.push({ id: (id * 7919) % 1009, folder, status, departmentId, assignedAgentId, waitingSince, createdAt: CREATED });
            id++;
          }
        }
      }
    }
  }
  return tickets;
}

describe('toSolveCriteria agrees with isToSolveCandidate', () => {
  const tickets = generateTickets();
  const agents: AgentPrincipal[] = [
    agent,
    { kind: 'agent', agentId: ME, role: 'agent', departmentIds: [] },
    { kind: 'agent', agentId: ME, role: 'agent', departmentIds: [NOT_MY_DEPT] },
    { kind: 'agent', agentId: OTHER, role: 'agent', departmentIds: [MY_DEPT] },
    { kind: 'agent', agentId: OTHER, role: 'administrator', departmentIds: [MY_DEPT, MY_OTHER_DEPT, NOT_MY_DEPT] },
  ];

  it('builds a few hundred distinct tickets', () => {
    expect(tickets.length).toBe(900);
    expect(new Set(tickets.map((t) => t.id)).size).toBe(tickets.length);
  });

  it.each(agents.map((a, i) => [i, a] as const))('agent #%i: the predicate and the criteria select the same tickets', (_i, a) => {
    const criteria = toSolveCriteria(a);
    let selected = 0;
    for (const ticket of tickets) {
      const expected = matchesCriteria(ticket, criteria);
      expect(isToSolveCandidate(ticket, a), JSON.stringify(ticket)).toBe(expected);
      if (expected) selected++;
    }
    expect(selected).toBeGreaterThan(0);
    expect(selected).toBeLessThan(tickets.length);
  });

  it.each(agents.map((a, i) => [i, a] as const))('agent #%i: pickToSolve is the first row of the criteria query', (_i, a) => {
    const criteria = toSolveCriteria(a);
    const query = tickets.filter((t) => matchesCriteria(t, criteria)).sort(orderByCriteria(criteria));
    expect(pickToSolve(tickets, a)).toBe(query[0] ?? null);
    // The comparator orders the whole result the same way the query does.
    const sorted = tickets.filter((t) => isToSolveCandidate(t, a)).sort(compareToSolveUrgency);
    expect(sorted.map((t) => t.id)).toEqual(query.map((t) => t.id));
  });
});

describe('compareToSolveUrgency', () => {
  it('puts the soonest service-level due time first, before any ticket no policy covers', () => {
    const dueSoon = candidate({ id: 9, waitingSince: at(50), slaNextDueAt: at(60) });
    const dueLater = candidate({ id: 8, waitingSince: at(5), slaNextDueAt: at(90) });
    const noPolicy = candidate({ id: 1, waitingSince: at(1) });
    expect([noPolicy, dueLater, dueSoon].sort(compareToSolveUrgency).map((c) => c.id)).toEqual([9, 8, 1]);
  });

  it('puts the longest wait first', () => {
    const older = candidate({ id: 9, waitingSince: at(5) });
    const newer = candidate({ id: 1, waitingSince: at(50) });
    expect(compareToSolveUrgency(older, newer)).toBeLessThan(0);
    expect(compareToSolveUrgency(newer, older)).toBeGreaterThan(0);
  });

  it('breaks ties with the lower id', () => {
    const a = candidate({ id: 3, waitingSince: at(5) });
    const b = candidate({ id: 4, waitingSince: at(5) });
    expect(compareToSolveUrgency(a, b)).toBeLessThan(0);
    expect(compareToSolveUrgency(b, a)).toBeGreaterThan(0);
    expect(compareToSolveUrgency(a, a)).toBe(0);
  });

  it('puts a ticket without waitingSince last', () => {
    const waiting = candidate({ id: 99, waitingSince: at(500) });
    const notWaiting = candidate({ id: 1, waitingSince: null });
    expect(compareToSolveUrgency(notWaiting, waiting)).toBeGreaterThan(0);
    expect(compareToSolveUrgency(waiting, notWaiting)).toBeLessThan(0);
  });

  it('orders two tickets without waitingSince by id', () => {
    expect(compareToSolveUrgency(candidate({ id: 1, waitingSince: null }), candidate({ id: 2, waitingSince: null }))).toBeLessThan(0);
  });

  it('sorts a list most urgent first', () => {
    const list = [
      candidate({ id: 5, waitingSince: null }),
      candidate({ id: 4, waitingSince: at(20) }),
      candidate({ id: 2, waitingSince: at(10) }),
      candidate({ id: 3, waitingSince: at(10) }),
      candidate({ id: 1, waitingSince: null }),
    ];
    expect([...list].sort(compareToSolveUrgency).map((t) => t.id)).toEqual([2, 3, 4, 1, 5]);
  });
});

describe('pickToSolve', () => {
  it('returns null when nothing waits', () => {
    expect(pickToSolve([], agent)).toBeNull();
    expect(pickToSolve([candidate({ status: 'answered' }), candidate({ assignedAgentId: OTHER })], agent)).toBeNull();
  });

  it('picks the longest-waiting candidate', () => {
    const tickets = [
      candidate({ id: 1, waitingSince: at(30) }),
      candidate({ id: 2, waitingSince: at(10) }),
      candidate({ id: 3, waitingSince: at(20) }),
    ];
    expect(pickToSolve(tickets, agent)?.id).toBe(2);
  });

  it('breaks ties with the lower id whatever the input order', () => {
    const a = candidate({ id: 8, waitingSince: at(10) });
    const b = candidate({ id: 7, waitingSince: at(10) });
    expect(pickToSolve([a, b], agent)?.id).toBe(7);
    expect(pickToSolve([b, a], agent)?.id).toBe(7);
  });

  it('prefers any waiting ticket to one without waitingSince', () => {
    const tickets = [candidate({ id: 1, waitingSince: null }), candidate({ id: 2, waitingSince: at(9999) })];
    expect(pickToSolve(tickets, agent)?.id).toBe(2);
  });

  it('picks a ticket without waitingSince when it is the only candidate', () => {
    expect(pickToSolve([candidate({ id: 1, waitingSince: null })], agent)?.id).toBe(1);
  });

  it('skips older tickets that are not candidates', () => {
    const tickets = [
      candidate({ id: 1, waitingSince: at(1), status: 'postponed' }),
      candidate({ id: 2, waitingSince: at(2), assignedAgentId: OTHER }),
      candidate({ id: 3, waitingSince: at(3), departmentId: NOT_MY_DEPT }),
      candidate({ id: 4, waitingSince: at(4), status: 'answered' }),
      candidate({ id: 5, waitingSince: at(5), status: 'resolved' }),
      candidate({ id: 6, waitingSince: at(6), departmentId: null }),
      candidate({ id: 7, waitingSince: at(7), status: 'new' }),
      candidate({ id: 8, waitingSince: at(8), assignedAgentId: ME, departmentId: NOT_MY_DEPT }),
    ];
    expect(pickToSolve(tickets, agent)?.id).toBe(7);
  });

  it('returns the very object it was given', () => {
    const ticket = { ...candidate(), subject: 'Printer on fire' };
    expect(pickToSolve([ticket], agent)).toBe(ticket);
  });
});

describe('claimForAgent', () => {
  it('assigns an unassigned candidate to the agent and records it', () => {
    const change = claimForAgent(candidate({ id: 12, departmentId: MY_OTHER_DEPT }), agent);
    expect(change.patch).toStrictEqual({ assignedAgentId: ME });
    expect(change.events).toStrictEqual([
      { type: 'assigned', fromAgentId: null, toAgentId: ME, fromDepartmentId: MY_OTHER_DEPT, toDepartmentId: MY_OTHER_DEPT },
    ]);
  });

  it('claims a New ticket too', () => {
    expect(claimForAgent(candidate({ status: 'new' }), agent).patch).toStrictEqual({ assignedAgentId: ME });
  });

  it('is a no-op when the ticket is already mine', () => {
    expect(claimForAgent(candidate({ assignedAgentId: ME }), agent)).toEqual({ patch: {}, events: [] });
    expect(claimForAgent(candidate({ assignedAgentId: ME, departmentId: NOT_MY_DEPT }), agent)).toEqual({
      patch: {},
      events: [],
    });
  });

  it.each([
    ['held by another agent', candidate({ assignedAgentId: OTHER })],
    ['postponed', candidate({ status: 'postponed' })],
    ['answered', candidate({ status: 'answered' })],
    ['resolved', candidate({ status: 'resolved' })],
    ['postponed and mine', candidate({ status: 'postponed', assignedAgentId: ME })],
    ['outside my departments', candidate({ departmentId: NOT_MY_DEPT })],
    ['without department', candidate({ departmentId: null })],
    // Moved there between "To solve" reading its candidates and claiming one.
    ['in the trash', candidate({ folder: 'trash' })],
    ['in spam, even mine', candidate({ folder: 'spam', assignedAgentId: ME })],
  ])('refuses a ticket %s with resource/conflict', (_label, ticket) => {
    let caught: unknown;
    try {
      claimForAgent({ ...ticket, id: 77 }, agent);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe(ErrorCodes.conflict);
    expect((caught as DomainError).details).toEqual({ ticketId: 77 });
  });
});
