import type { TicketDto } from '@parley/protocol';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useSessionStore } from './session';
import { useTicketsStore } from './tickets';

export function ticket(id: number, overrides: Partial<TicketDto> = {}): TicketDto {
  return {
    id, number: String(id), subject: `Ticket ${id}`, status: 'new', customStatusId: null, priority: 'normal', channel: 'email',
    internal: false, departmentId: 1, assignedAgentId: null, createdByAgentId: null, contact: null, tags: [], cc: [],
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', firstAgentReplyAt: null,
    lastCustomerMessageAt: null, lastAgentReplyAt: null, resolvedAt: null, postponedUntil: null,
    waitingSince: '2026-01-01T00:00:00.000Z', mergedIntoId: null, folder: 'inbox', sla: null, ...overrides,
  };
}

describe('tickets store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('drops an update older than what it holds, and forgets hidden tickets', () => {
    const store = useTicketsStore();
    expect(store.upsert(ticket(1, { subject: 'new', updatedAt: '2026-01-02T00:00:00.000Z' }))).toBe(true);
    expect(store.upsert(ticket(1, { subject: 'stale', updatedAt: '2026-01-01T00:00:00.000Z' }))).toBe(false);
    expect(store.byId.get(1)?.subject).toBe('new');
    store.hide(1);
    expect(store.byId.size).toBe(0);
    expect(store.hidden.has(1)).toBe(true);
  });

  it('drops a ticket the agent\'s own change moved out of reach, and takes it back when the server sends it again', () => {
    useSessionStore().agent = { id: 7, name: 'Līga', email: 'l@x.io', role: 'agent', active: true, locale: 'en', availability: 'online', departmentIds: [1], maxConcurrentChats: 3,
    emailNotifications: { newTicketInMyDepartment: false, assignedToMe: true, customerReplyOnMyTicket: true }, invitationPending: false, createdAt: '', updatedAt: '' };
    const store = useTicketsStore();
    store.upsert(ticket(1, { departmentId: 1 }));
    expect(store.applyOwnChange(ticket(1, { departmentId: 2, updatedAt: '2026-01-02T00:00:00.000Z' }))).toBe(false);
    expect(store.byId.has(1)).toBe(false);
    expect(store.hidden.has(1)).toBe(true);
    expect(store.upsert(ticket(1, { departmentId: 2, assignedAgentId: 7, updatedAt: '2026-01-03T00:00:00.000Z' }))).toBe(true);
    expect(store.hidden.has(1)).toBe(false);
  });
});
