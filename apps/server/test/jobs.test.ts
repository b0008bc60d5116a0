import { afterAll, beforeAll, expect, it } from 'vitest';
import { wakePostponedTickets } from '../src/jobs/wake-postponed.job.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';

describeEachDatabase('waking postponed tickets', (db) => {
  let t: TestApp;
  const clock = new MutableClock(new Date('2026-06-01T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp({ db, clock });
  });
  afterAll(() => t?.close());

  it('wakes a postponed ticket as Open once its time has come, exactly once', async () => {
    const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'Later', message: 'x', contact: { email: 'later@example.com' } })).body.ticket;
    await t.admin.post(`/api/v1/tickets/${ticket.id}/replies`, { body: 'answer' });
    await t.admin.post(`/api/v1/tickets/${ticket.id}/postpone`, { until: '2026-06-01T12:00:00Z' });
    clock.set(new Date('2026-06-01T11:59:59Z'));
    expect(await wakePostponedTickets(t.app.context)).toBe(0);
    expect((await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body.ticket.status).toBe('postponed');
    clock.set(new Date('2026-06-01T12:00:00Z'));
    const [a, b] = await Promise.all([wakePostponedTickets(t.app.context), wakePostponedTickets(t.app.context)]);
    expect(a + b).toBe(1);
    const detail = (await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body;
    expect(detail.ticket).toMatchObject({ status: 'open', postponedUntil: null, waitingSince: '2026-06-01T12:00:00.000Z' });
    expect(detail.thread.at(-1).systemEvent).toMatchObject({ type: 'status_changed', from: 'postponed', to: 'open', reason: 'woke' });
    // The woken ticket is back in "To solve".
    expect((await t.admin.get('/api/v1/tickets?status=open')).body.items.map((x: { id: number }) => x.id)).toContain(ticket.id);
  });
});
