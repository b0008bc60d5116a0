import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSessionStore } from './session';
import { useTicketListStore } from './ticket-list';
import { ticket } from './tickets.test';
import { useTicketsStore } from './tickets';

function page(items: ReturnType<typeof ticket>[], nextCursor: string | null = null): Response {
  return new Response(JSON.stringify({ items, nextCursor }), { status: 200, headers: { 'content-type': 'application/json' } });
}

describe('ticket list store', () => {
  const requested: string[] = [];
  beforeEach(() => {
    setActivePinia(createPinia());
    requested.length = 0;
    useSessionStore().agent = { id: 7, name: 'Līga', email: 'l@x.io', role: 'agent', active: true, locale: 'en', availability: 'online', departmentIds: [1], maxConcurrentChats: 3,
    emailNotifications: { newTicketInMyDepartment: false, assignedToMe: true, customerReplyOnMyTicket: true }, invitationPending: false, createdAt: '', updatedAt: '' };
  });
  afterEach(() => vi.unstubAllGlobals());

  function serve(...pages: Response[]): void {
    vi.stubGlobal('fetch', async (url: string) => {
      requested.push(url);
      return pages.shift() ?? page([]);
    });
  }

  it('asks the server with the filters, and puts a live ticket where the server\'s order would', async () => {
    serve(page([ticket(1, { waitingSince: '2026-01-01T08:00:00.000Z' }), ticket(3, { waitingSince: '2026-01-01T10:00:00.000Z' })]));
    const list = useTicketListStore();
    await list.load({ status: ['new', 'open'], agentId: 'none', sort: '-waiting' });
    const asked = new URL(requested[0]!, 'http://x');
    expect(asked.pathname).toBe('/api/v1/tickets');
    expect(Object.fromEntries(asked.searchParams)).toEqual({ status: 'new,open', agentId: 'none', sort: '-waiting', limit: '100' });

    const arrived = ticket(2, { waitingSince: '2026-01-01T09:00:00.000Z' });
    useTicketsStore().upsert(arrived);
    list.place(arrived);
    expect(list.rows.map((t) => t.id)).toEqual([1, 2, 3]);
  });

  it('lets a ticket go when it stops matching, and leaves one that sorts past the loaded pages to them', async () => {
    serve(page([ticket(1, { waitingSince: '2026-01-01T08:00:00.000Z' }), ticket(3, { waitingSince: '2026-01-01T10:00:00.000Z' })], 'cursor-2'));
    const list = useTicketListStore();
    await list.load({ status: ['new'], sort: '-waiting' });
    const answered = ticket(1, { status: 'answered', waitingSince: null, updatedAt: '2026-01-02T00:00:00.000Z' });
    useTicketsStore().upsert(answered);
    list.place(answered);
    expect(list.rows.map((t) => t.id)).toEqual([3]);

    const late = ticket(9, { waitingSince: '2026-01-01T23:00:00.000Z' });
    useTicketsStore().upsert(late);
    list.place(late);
    expect(list.rows.map((t) => t.id)).toEqual([3]);
  });

  it('keeps a ticket an event brought while the first page was on its way', async () => {
    let release: (r: Response) => void = () => undefined;
    vi.stubGlobal('fetch', () => new Promise<Response>((resolve) => {
      release = resolve;
    }));
    const list = useTicketListStore();
    const loading = list.load({ status: ['new'], sort: '-waiting' });
    const arrived = ticket(2, { waitingSince: '2026-01-01T09:00:00.000Z' });
    useTicketsStore().upsert(arrived);
    list.place(arrived);
    // The page was read before ticket 2 existed.
    release(page([ticket(1, { waitingSince: '2026-01-01T08:00:00.000Z' })]));
    await loading;
    expect(list.rows.map((t) => t.id)).toEqual([1, 2]);
  });

  it('adds a page once, and ignores a page that arrives after the filters changed', async () => {
    let release: (r: Response) => void = () => undefined;
    const slow = new Promise<Response>((resolve) => {
      release = resolve;
    });
    const responses = [page([ticket(1)], 'c1'), page([ticket(1), ticket(2)])];
    vi.stubGlobal('fetch', async (url: string) => {
      requested.push(url);
      return url.includes('q=slow') ? slow : (responses.shift() ?? page([]));
    });
    const list = useTicketListStore();
    await list.load({ sort: '-waiting' });
    await list.loadMore();
    expect(list.rows.map((t) => t.id)).toEqual([1, 2]);

    const stale = list.load({ q: 'slow', sort: '-waiting' });
    const fresh = list.load({ sort: 'created' });
    await fresh;
    release(page([ticket(5)]));
    await stale;
    expect(list.query.sort).toBe('created');
    expect(list.rows.map((t) => t.id)).not.toContain(5);
  });
});
