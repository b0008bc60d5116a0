import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Em } from '../src/db/orm.js';
import { sql } from '../src/db/sql.js';
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

describe('a postponed ticket that cannot be woken [sqlite]', () => {
  let t: TestApp;
  const clock = new MutableClock(new Date('2026-06-01T10:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp({ db: 'sqlite', clock });
  });
  afterAll(() => t?.close());

  it('is logged and left due, and the tickets after it still wake', async () => {
    const postponed: number[] = [];
    for (const [subject, until] of [['Stuck', '2026-06-01T11:00:00Z'], ['Behind it', '2026-06-01T11:30:00Z']] as const) {
      const ticket = (await t.admin.post('/api/v1/tickets', { subject, message: 'x', contact: { email: 'stuck@example.com' } })).body.ticket;
      await t.admin.post(`/api/v1/tickets/${ticket.id}/replies`, { body: 'answer' });
      expect((await t.admin.post(`/api/v1/tickets/${ticket.id}/postpone`, { until })).status).toBe(200);
      postponed.push(Number(ticket.id));
    }
    // The first due ticket's every update is refused by the database, as a persistent failure would be.
    await sql(t.app.orm.em.fork() as Em).db.executeQuery(
      CompiledQuery.raw(`create trigger refuse_stuck before update on ticket when old.id = ${postponed[0]} begin select raise(abort, 'stuck'); end`),
    );
    clock.set(new Date('2026-06-01T12:00:00Z'));
    expect(await wakePostponedTickets(t.app.context)).toBe(1);
    const status = async (id: number) => (await t.admin.get(`/api/v1/tickets/${id}`)).body.ticket.status;
    expect(await status(postponed[0]!)).toBe('postponed');
    expect(await status(postponed[1]!)).toBe('open');
    await sql(t.app.orm.em.fork() as Em).db.executeQuery(CompiledQuery.raw('drop trigger refuse_stuck'));
    expect(await wakePostponedTickets(t.app.context)).toBe(1);
    expect(await status(postponed[0]!)).toBe('open');
  });
});
