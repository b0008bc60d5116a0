import type { TicketDto } from '@parley/protocol';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTicketsStore } from './tickets';

function ticket(id: number, overrides: Partial<TicketDto> = {}): TicketDto {
  return {
    id, number: String(id), subject: `Ticket ${id}`, status: 'new', customStatusId: null, priority: 'normal', channel: 'email',
    internal: false, departmentId: 1, assignedAgentId: null, createdByAgentId: null, contact: null, tags: [], cc: [],
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', firstAgentReplyAt: null,
    lastCustomerMessageAt: null, lastAgentReplyAt: null, resolvedAt: null, postponedUntil: null,
    waitingSince: '2026-01-01T00:00:00.000Z', ...overrides,
  };
}

describe('tickets store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('orders the waiting queue by the longest wait and leaves out answered tickets', () => {
    const store = useTicketsStore();
    store.upsert(ticket(1, { waitingSince: '2026-01-01T10:00:00.000Z' }));
    store.upsert(ticket(2, { waitingSince: '2026-01-01T09:00:00.000Z' }));
    store.upsert(ticket(3, { status: 'answered', waitingSince: null }));
    expect(store.waiting.map((t) => t.id)).toEqual([2, 1]);
  });

  it('drops an update older than what it holds, and forgets hidden tickets', () => {
    const store = useTicketsStore();
    store.upsert(ticket(1, { subject: 'new', updatedAt: '2026-01-02T00:00:00.000Z' }));
    store.upsert(ticket(1, { subject: 'stale', updatedAt: '2026-01-01T00:00:00.000Z' }));
    expect(store.byId.get(1)?.subject).toBe('new');
    store.upsert(ticket(1, { status: 'answered', updatedAt: '2026-01-03T00:00:00.000Z' }));
    expect(store.waiting).toEqual([]);
    store.remove(1);
    expect(store.byId.size).toBe(0);
  });
});
