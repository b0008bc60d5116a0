import { describe, expect, it } from 'vitest';
import { compareTicketsFor, type ListedTicket, ticketMatchesFilter } from './ticket-list.js';

function ticket(id: number, overrides: Partial<ListedTicket> = {}): ListedTicket {
  return {
    id, status: 'new', customStatusId: null, departmentId: 1, assignedAgentId: null, channel: 'email', priority: 'normal', internal: false,
    tags: [], waitingSince: null, updatedAt: '2026-01-01T00:00:00.000Z', folder: 'inbox', ...overrides,
  };
}

describe('ticketMatchesFilter', () => {
  it('takes every ticket when nothing is filtered', () => {
    expect(ticketMatchesFilter(ticket(1), {}, 7)).toBe(true);
    expect(ticketMatchesFilter(ticket(1), { status: [], departmentId: [] }, 7)).toBe(true);
  });

  it('filters by status, department, channel, priority and internal', () => {
    const t = ticket(1, { status: 'open', departmentId: 2, channel: 'chat', priority: 'high', internal: true });
    expect(ticketMatchesFilter(t, { status: ['open', 'new'] }, 7)).toBe(true);
    expect(ticketMatchesFilter(t, { status: ['answered'] }, 7)).toBe(false);
    expect(ticketMatchesFilter(t, { departmentId: [2] }, 7)).toBe(true);
    expect(ticketMatchesFilter(t, { departmentId: [3] }, 7)).toBe(false);
    expect(ticketMatchesFilter(ticket(2, { departmentId: null }), { departmentId: [3] }, 7)).toBe(false);
    expect(ticketMatchesFilter(t, { channel: ['email'] }, 7)).toBe(false);
    expect(ticketMatchesFilter(t, { priority: ['high', 'urgent'] }, 7)).toBe(true);
    expect(ticketMatchesFilter(t, { internal: false }, 7)).toBe(false);
    expect(ticketMatchesFilter(t, { internal: true }, 7)).toBe(true);
  });

  it('shows one folder: the queue unless the trash or spam is asked for', () => {
    expect(ticketMatchesFilter(ticket(1, { folder: 'trash' }), {}, 7)).toBe(false);
    expect(ticketMatchesFilter(ticket(1, { folder: 'trash' }), { folder: 'trash' }, 7)).toBe(true);
    expect(ticketMatchesFilter(ticket(1, { folder: 'spam' }), { folder: 'trash' }, 7)).toBe(false);
    expect(ticketMatchesFilter(ticket(1), { folder: 'spam' }, 7)).toBe(false);
  });

  it('filters by one custom status, whatever its base status', () => {
    const waiting = ticket(1, { status: 'answered', customStatusId: 4 });
    expect(ticketMatchesFilter(waiting, { customStatusId: 4 }, 7)).toBe(true);
    expect(ticketMatchesFilter(waiting, { customStatusId: 5 }, 7)).toBe(false);
    expect(ticketMatchesFilter(ticket(2, { status: 'answered' }), { customStatusId: 4 }, 7)).toBe(false);
  });

  it('reads "me" and "none" for the assigned agent', () => {
    expect(ticketMatchesFilter(ticket(1, { assignedAgentId: 7 }), { agentId: 'me' }, 7)).toBe(true);
    expect(ticketMatchesFilter(ticket(1, { assignedAgentId: 8 }), { agentId: 'me' }, 7)).toBe(false);
    expect(ticketMatchesFilter(ticket(1, { assignedAgentId: 8 }), { agentId: 8 }, 7)).toBe(true);
    expect(ticketMatchesFilter(ticket(1), { agentId: 'none' }, 7)).toBe(true);
    expect(ticketMatchesFilter(ticket(1, { assignedAgentId: 8 }), { agentId: 'none' }, 7)).toBe(false);
  });

  it('matches a tag whatever its case, as tags are stored lower-case', () => {
    expect(ticketMatchesFilter(ticket(1, { tags: ['billing'] }), { tag: 'Billing' }, 7)).toBe(true);
    expect(ticketMatchesFilter(ticket(1, { tags: ['billing'] }), { tag: 'vip' }, 7)).toBe(false);
  });
});

describe('compareTicketsFor', () => {
  const a = ticket(1, { waitingSince: '2026-01-01T10:00:00.000Z', updatedAt: '2026-01-03T00:00:00.000Z' });
  const b = ticket(2, { waitingSince: '2026-01-01T09:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z' });
  const c = ticket(3, { waitingSince: null, updatedAt: '2026-01-02T00:00:00.000Z' });
  const order = (sort: Parameters<typeof compareTicketsFor>[0]) => [a, b, c].sort(compareTicketsFor(sort)).map((t) => t.id);

  it('puts the longest waiting first, and tickets not waiting last either way', () => {
    expect(order('-waiting')).toEqual([2, 1, 3]);
    expect(order('waiting')).toEqual([1, 2, 3]);
  });

  it('orders by creation (the id) and by the last change, ties broken by id', () => {
    expect(order('-created')).toEqual([3, 2, 1]);
    expect(order('created')).toEqual([1, 2, 3]);
    expect(order('-updated')).toEqual([1, 3, 2]);
    expect(order('updated')).toEqual([2, 3, 1]);
  });

  it('reads Dates as well as ISO strings', () => {
    const d = ticket(4, { waitingSince: new Date('2026-01-01T08:00:00.000Z') });
    expect([a, d].sort(compareTicketsFor('-waiting')).map((t) => t.id)).toEqual([4, 1]);
  });
});
