import { describe, expect, it } from 'vitest';
import type { AgentPrincipal, CustomerPrincipal } from './principal.js';
import { THREAD_ITEM_KINDS, type ThreadItemKind } from './thread/thread-item.js';
import {
  canAgentSeeTicket,
  canCustomerSeeTicket,
  canSeeThreadItem,
  canSeeTicket,
  isThreadItemVisibleToCustomer,
  ticketAudience,
  visibleThread,
} from './visibility.js';

const SALES = 1;
const SUPPORT = 2;
const BILLING = 3;

const admin: AgentPrincipal = { kind: 'agent', agentId: 1, role: 'administrator', departmentIds: [] };
const supportAgent: AgentPrincipal = { kind: 'agent', agentId: 2, role: 'agent', departmentIds: [SUPPORT] };
const salesAgent: AgentPrincipal = { kind: 'agent', agentId: 3, role: 'agent', departmentIds: [SALES, BILLING] };
const customer: CustomerPrincipal = { kind: 'customer', contactId: 100 };
const otherCustomer: CustomerPrincipal = { kind: 'customer', contactId: 200 };

interface Access {
  readonly departmentId: number | null;
  readonly assignedAgentId: number | null;
  readonly createdByAgentId: number | null;
  readonly internal: boolean;
  readonly contactId: number | null;
}

function ticket(overrides: Partial<Access> = {}): Access {
  return { departmentId: SUPPORT, assignedAgentId: null, createdByAgentId: null, internal: false, contactId: 100, ...overrides };
}

const thread = THREAD_ITEM_KINDS.map((kind, id) => ({ id, kind }));

describe('canAgentSeeTicket', () => {
  it('an administrator sees every ticket', () => {
    expect(canAgentSeeTicket(admin, ticket())).toBe(true);
    expect(canAgentSeeTicket(admin, ticket({ departmentId: null, internal: true, createdByAgentId: 99 }))).toBe(true);
    expect(canAgentSeeTicket(admin, ticket({ departmentId: BILLING, assignedAgentId: 99 }))).toBe(true);
  });

  it('a department member sees the department’s tickets, assigned to anyone', () => {
    expect(canAgentSeeTicket(supportAgent, ticket())).toBe(true);
    expect(canAgentSeeTicket(supportAgent, ticket({ assignedAgentId: 99 }))).toBe(true);
    expect(canAgentSeeTicket(salesAgent, ticket({ departmentId: BILLING }))).toBe(true);
    expect(canAgentSeeTicket(salesAgent, ticket({ departmentId: SALES }))).toBe(true);
  });

  it('a member sees internal tickets of the department', () => {
    expect(canAgentSeeTicket(supportAgent, ticket({ internal: true, createdByAgentId: 99, contactId: null }))).toBe(true);
  });

  it('a non-member does not see the department’s tickets', () => {
    expect(canAgentSeeTicket(salesAgent, ticket())).toBe(false);
    expect(canAgentSeeTicket(salesAgent, ticket({ assignedAgentId: 99 }))).toBe(false);
  });

  it('nobody but an administrator or the assignee sees a ticket without a department', () => {
    expect(canAgentSeeTicket(supportAgent, ticket({ departmentId: null }))).toBe(false);
    expect(canAgentSeeTicket(supportAgent, ticket({ departmentId: null, assignedAgentId: supportAgent.agentId }))).toBe(true);
  });

  it('the assignee sees a ticket outside their departments', () => {
    expect(canAgentSeeTicket(salesAgent, ticket({ assignedAgentId: salesAgent.agentId }))).toBe(true);
  });

  it('the creator of an internal ticket sees it outside their departments', () => {
    const task = ticket({ internal: true, createdByAgentId: salesAgent.agentId, contactId: null });
    expect(canAgentSeeTicket(salesAgent, task)).toBe(true);
    expect(canAgentSeeTicket(salesAgent, { ...task, departmentId: null, assignedAgentId: 99 })).toBe(true);
  });

  it('the agent who created a customer ticket on someone’s behalf does not keep sight of it', () => {
    expect(canAgentSeeTicket(salesAgent, ticket({ createdByAgentId: salesAgent.agentId }))).toBe(false);
  });

  it('an agent without departments sees only what is assigned to them or their own tasks', () => {
    const loner: AgentPrincipal = { kind: 'agent', agentId: 4, role: 'agent', departmentIds: [] };
    expect(canAgentSeeTicket(loner, ticket())).toBe(false);
    expect(canAgentSeeTicket(loner, ticket({ assignedAgentId: 4 }))).toBe(true);
    expect(canAgentSeeTicket(loner, ticket({ internal: true, createdByAgentId: 4 }))).toBe(true);
  });
});

describe('canCustomerSeeTicket', () => {
  it('a customer sees their own ticket', () => {
    expect(canCustomerSeeTicket(customer, ticket())).toBe(true);
  });

  it('a customer does not see another customer’s ticket', () => {
    expect(canCustomerSeeTicket(otherCustomer, ticket())).toBe(false);
  });

  it('a customer never sees an internal ticket about them', () => {
    expect(canCustomerSeeTicket(customer, ticket({ internal: true, createdByAgentId: 2 }))).toBe(false);
  });

  it('a ticket without a contact is nobody’s', () => {
    expect(canCustomerSeeTicket(customer, ticket({ contactId: null }))).toBe(false);
  });
});

describe('canSeeTicket', () => {
  it('dispatches on the principal kind', () => {
    expect(canSeeTicket(supportAgent, ticket())).toBe(true);
    expect(canSeeTicket(salesAgent, ticket())).toBe(false);
    expect(canSeeTicket(customer, ticket())).toBe(true);
    expect(canSeeTicket(otherCustomer, ticket())).toBe(false);
  });
});

describe('thread items', () => {
  it.each([
    ['customer_message', true],
    ['agent_reply', true],
    ['internal_note', false],
    ['system_event', false],
  ] as const)('a customer may read a %s: %s', (kind, expected) => {
    expect(isThreadItemVisibleToCustomer({ kind })).toBe(expected);
    expect(canSeeThreadItem(customer, ticket(), { kind })).toBe(expected);
  });

  it('covers every thread item kind', () => {
    expect([...THREAD_ITEM_KINDS].sort()).toEqual(['agent_reply', 'customer_message', 'internal_note', 'system_event']);
  });

  it.each(THREAD_ITEM_KINDS)('an agent who sees the ticket may read its %s', (kind) => {
    expect(canSeeThreadItem(supportAgent, ticket(), { kind })).toBe(true);
  });

  it.each(THREAD_ITEM_KINDS)('nobody may read a %s of a ticket they cannot see', (kind) => {
    expect(canSeeThreadItem(salesAgent, ticket(), { kind })).toBe(false);
    expect(canSeeThreadItem(otherCustomer, ticket(), { kind })).toBe(false);
    expect(canSeeThreadItem(customer, ticket({ internal: true }), { kind })).toBe(false);
  });
});

describe('visibleThread', () => {
  it('gives a customer only the conversation, in order', () => {
    const items: { id: number; kind: ThreadItemKind }[] = [
      { id: 1, kind: 'customer_message' },
      { id: 2, kind: 'system_event' },
      { id: 3, kind: 'internal_note' },
      { id: 4, kind: 'agent_reply' },
      { id: 5, kind: 'system_event' },
      { id: 6, kind: 'customer_message' },
    ];
    expect(visibleThread(customer, ticket(), items).map((i) => i.id)).toEqual([1, 4, 6]);
  });

  it('never leaks an internal note or system event to a customer', () => {
    const kinds = visibleThread(customer, ticket(), thread).map((i) => i.kind);
    expect(kinds).not.toContain('internal_note');
    expect(kinds).not.toContain('system_event');
  });

  it('gives an agent who sees the ticket the whole thread, as a copy', () => {
    const result = visibleThread(supportAgent, ticket(), thread);
    expect(result).toEqual(thread);
    expect(result).not.toBe(thread);
  });

  it('gives an administrator the whole thread', () => {
    expect(visibleThread(admin, ticket({ departmentId: BILLING }), thread)).toEqual(thread);
  });

  it('gives an agent outside the department nothing', () => {
    expect(visibleThread(salesAgent, ticket(), thread)).toEqual([]);
  });

  it('gives another customer nothing', () => {
    expect(visibleThread(otherCustomer, ticket(), thread)).toEqual([]);
  });

  it('gives the customer nothing of an internal ticket about them', () => {
    expect(visibleThread(customer, ticket({ internal: true }), thread)).toEqual([]);
  });

  it('keeps the items’ other fields', () => {
    const items = [{ kind: 'agent_reply' as const, body: 'Hello', id: 9 }];
    expect(visibleThread(customer, ticket(), items)).toEqual(items);
  });
});

describe('ticketAudience', () => {
  it('names the department and assignee, and always administrators', () => {
    expect(ticketAudience(ticket({ assignedAgentId: 7 }))).toEqual({
      departmentIds: [SUPPORT],
      agentIds: [7],
      administrators: true,
    });
  });

  it('is only administrators for a ticket without department or assignee', () => {
    expect(ticketAudience(ticket({ departmentId: null }))).toEqual({ departmentIds: [], agentIds: [], administrators: true });
  });

  it('includes the creator of an internal ticket', () => {
    expect([...ticketAudience(ticket({ internal: true, createdByAgentId: 8, assignedAgentId: 7 })).agentIds].sort()).toEqual([7, 8]);
  });

  it('does not include the creator of a customer ticket', () => {
    expect(ticketAudience(ticket({ createdByAgentId: 8 })).agentIds).toEqual([]);
  });

  it('includes the previous department and agent so they hear it moved', () => {
    const audience = ticketAudience(
      ticket({ departmentId: BILLING, assignedAgentId: 7 }),
      ticket({ departmentId: SUPPORT, assignedAgentId: 6 }),
    );
    expect([...audience.departmentIds].sort()).toEqual([SUPPORT, BILLING]);
    expect([...audience.agentIds].sort()).toEqual([6, 7]);
    expect(audience.administrators).toBe(true);
  });

  it('includes the creator recorded in the previous state of an internal ticket', () => {
    const audience = ticketAudience(
      ticket({ internal: true, createdByAgentId: null }),
      ticket({ internal: true, createdByAgentId: 8 }),
    );
    expect(audience.agentIds).toEqual([8]);
  });

  it('does not repeat a department or agent present before and after', () => {
    const audience = ticketAudience(
      ticket({ assignedAgentId: 7, internal: true, createdByAgentId: 7 }),
      ticket({ assignedAgentId: 7 }),
    );
    expect(audience).toEqual({ departmentIds: [SUPPORT], agentIds: [7], administrators: true });
  });

  it('never addresses the customer', () => {
    const audience = ticketAudience(ticket({ contactId: 100 }));
    expect(audience.agentIds).not.toContain(100);
    expect(Object.keys(audience).sort()).toEqual(['administrators', 'agentIds', 'departmentIds']);
  });
});
