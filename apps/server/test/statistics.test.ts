import { type StatisticsFilters, type StatisticsPeriod, statisticsBuckets } from '@parley/domain';
import type { AgentStatisticsDto, StatisticsReportDto } from '@parley/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Em } from '../src/db/orm.js';
import { SatisfactionSurvey } from '../src/modules/satisfaction/satisfaction.entity.js';
import type { HttpClient } from './helpers/http-client.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';
import { expectedFigures, expectedPresence, type PresenceSpan, rawHappenings, REFERENCE_SLA, type ReferenceWorkingHours } from './helpers/statistics-reference.js';
import { connectAgent, connectVisitor, emitWithAck, issueVisitor } from './helpers/sockets.js';
import { buildDailyStep, requestDailyZone, rollupZoneOf } from '../src/modules/statistics/statistics-zones.js';
import { sweepPresence } from '../src/modules/statistics/presence-time.js';
import { sweepSlaAlarms } from '../src/jobs/sla-alarms.job.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A small deterministic generator, so every run builds the same history. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Durations that are their own bins' lower bounds (whole minutes under an hour, five minutes under a day,
// hours beyond): the medians the rollup reports are then the exact ones.
const FIRST_RESPONSES = [2 * MINUTE, 7 * MINUTE, 45 * MINUTE, 2 * HOUR, 3 * HOUR + 25 * MINUTE];
const RESOLUTIONS = [50 * MINUTE, 5 * HOUR, 27 * HOUR, 52 * HOUR];
// A chat's wait and length, likewise their bins' lower bounds.
const CHAT_WAITS = [20_000, 45_000, 3 * MINUTE, 12 * MINUTE];
const CHAT_LENGTHS = [25 * MINUTE, 50 * MINUTE, 95 * MINUTE];
const SECOND = 1000;

describeEachDatabase('statistics', (db) => {
  let t: TestApp;
  const clock = new MutableClock(new Date('2027-03-20T08:00:00Z'));
  let departments: [number, number];
  let agents: { id: number; email: string; http: HttpClient }[];
  let vita: { id: number; email: string; http: HttpClient };
  let workingHours: ReferenceWorkingHours;
  let withoutPolicies: StatisticsReportDto;
  const sockets: { close(): void }[] = [];
  const presence: PresenceSpan[] = [];
  const offlineForms: { at: number; departmentId: number }[] = [];

  beforeAll(async () => {
    // The history spans weeks of the test's clock: sessions must outlast it.
    t = await createTestApp({ db, clock, env: { SESSION_TTL_HOURS: '100000', VISITOR_REQUESTS_PER_HOUR: '10000', PUBLIC_FORM_REQUESTS_PER_HOUR: '10000' } });
    departments = [await t.department('Support'), await t.department('Billing')];
    agents = [await t.agent({ name: 'Anna', departmentIds: [departments[0]] }), await t.agent({ name: 'Boris', departmentIds: [departments[1]] })];
    vita = await t.agent({ name: 'Vita', departmentIds: [departments[0]] });
    // (By the hour: no zone's rollups are asked for yet.)
    withoutPolicies = (await t.admin.get(`/api/v1/statistics?${query(riga('2027-03-21', '2027-03-22', 'hour'))}`)).body as StatisticsReportDto;
    const policy = await t.admin.post('/api/v1/sla-policies', {
      name: 'Everyone',
      targets: Object.fromEntries(Object.entries(REFERENCE_SLA).map(([target, minutes]) => [target, { minutes, businessHours: false }])),
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    // Billing works Monday to Friday, 9 to 5 in Riga: its first responses and resolutions are also measured so.
    const weekday = [{ from: '09:00', to: '17:00' }];
    const calendar = await t.admin.post('/api/v1/calendars', { name: 'Rīga', timeZone: 'Europe/Riga', week: [weekday, weekday, weekday, weekday, weekday, [], []], departmentIds: [departments[1]] });
    expect(calendar.status, JSON.stringify(calendar.body)).toBe(201);
    workingHours = { departmentId: departments[1], timeZone: 'Europe/Riga' };
    // Anna and Boris take chats: their consoles are connected (Vita's never is).
    for (const agent of agents) sockets.push(await connectAgent(t.baseUrl, { http: agent.http }));
    await buildHistory();
    // The breaches due by the end of the history, recorded as the periodic sweep would.
    clock.set(new Date('2027-04-04T00:00:00Z'));
    await sweepSlaAlarms(t.app.context);
  }, 180_000);
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await t?.close();
  });

  /**
   * Forty tickets from 2027-03-21 to 2027-03-31 (Riga moves its clocks on the 28th), each created, some
   * transferred, answered, resolved, reopened and resolved again, every step at its own moment.
   */
  async function buildHistory() {
    const next = random(20270328);
    // The ratings draw from their own sequence, so the rest of the history stays as it was.
    const ratings = random(31);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    type Step = { at: number; run: () => Promise<void> };
    const steps: Step[] = [];
    const start = Date.parse('2027-03-21T05:00:00Z');
    for (let i = 0; i < 40; i++) {
      const createdAt = start + Math.floor(next() * 10 * 24 * 4) * 15 * MINUTE + Math.floor(next() * 900) * 1000;
      const side = next() < 0.5 ? 0 : 1;
      const state = { id: 0, side };
      const channel = pick(['email', 'api', 'web_form'] as const);
      const tags = next() < 0.5 ? ['billing'] : next() < 0.5 ? ['vpn', 'billing'] : [];
      steps.push({
        at: createdAt,
        run: async () => {
          const res = await t.admin.post('/api/v1/tickets', {
            subject: `Pieprasījums ${i}`,
            message: 'Lūdzu palīdziet.',
            channel,
            contact: { email: `klients${i}@example.lv` },
            departmentId: departments[side],
            agentId: agents[side]!.id,
            priority: pick(['low', 'normal', 'high'] as const),
            tags,
          });
          expect(res.status, JSON.stringify(res.body)).toBe(201);
          state.id = res.body.ticket.id;
        },
      });
      let at = createdAt;
      if (next() < 0.25) {
        at += 20 * MINUTE;
        steps.push({
          at,
          run: async () => {
            state.side = 1 - state.side;
            const res = await t.admin.post(`/api/v1/tickets/${state.id}/transfer`, { departmentId: departments[state.side as 0 | 1], agentId: agents[state.side]!.id });
            expect(res.status, JSON.stringify(res.body)).toBe(200);
          },
        });
      }
      if (next() < 0.85) {
        const firstReply = createdAt + Math.max(pick(FIRST_RESPONSES), at - createdAt + 2 * HOUR);
        steps.push({ at: firstReply, run: () => reply(state) });
        if (next() < 0.4) steps.push({ at: firstReply + 30 * MINUTE, run: () => reply(state) });
        if (next() < 0.7) {
          const resolvedAt = createdAt + Math.max(pick(RESOLUTIONS), firstReply - createdAt + HOUR);
          steps.push({ at: resolvedAt, run: () => act(state, 'resolve') });
          // Most customers asked (email and web form) rate it an hour later, some with a comment.
          const rating = ratings();
          if (channel !== 'api' && rating < 0.8) steps.push({ at: resolvedAt + HOUR, run: () => rate(state, rating < 0.55 ? 'good' : 'bad', rating < 0.3 ? 'Paldies!' : undefined) });
          if (next() < 0.3) {
            steps.push({ at: resolvedAt + 3 * HOUR, run: () => act(state, 'reopen') });
            steps.push({ at: resolvedAt + 9 * HOUR, run: () => act(state, 'resolve') });
          }
        }
      }
    }
    // Twelve chats a day or so apart: some missed, most taken, some answered in writing, some handed on.
    for (let i = 0; i < 12; i++) {
      const startedAt = Date.parse('2027-03-21T06:00:00Z') + i * 19 * HOUR + Math.floor(next() * 40) * MINUTE + Math.floor(next() * 60) * SECOND;
      const side = next() < 0.5 ? 0 : 1;
      const chat = { ticketId: 0, socket: null as Awaited<ReturnType<typeof connectVisitor>> | null };
      steps.push({
        at: startedAt,
        run: async () => {
          const issued = await issueVisitor(t.baseUrl);
          chat.socket = await connectVisitor(t.baseUrl, issued.token);
          sockets.push(chat.socket);
          const start = await emitWithAck(chat.socket, 'chat:start', { clientId: `stats-chat-${i}`, message: 'Vai varat palīdzēt?', name: 'Viesis', departmentId: departments[side] });
          expect(start.ok, JSON.stringify(start)).toBe(true);
          chat.ticketId = Number(start.data.chat.number.replace('#', ''));
        },
      });
      const end = async () => {
        expect((await emitWithAck(chat.socket!, 'chat:end', {})).ok).toBe(true);
        chat.socket!.close();
      };
      if (next() < 0.3) {
        steps.push({ at: startedAt + 4 * MINUTE, run: end });
        continue;
      }
      const acceptedAt = startedAt + pick(CHAT_WAITS);
      const accept = (agentSide: number) => async () => {
        const res = await emitWithAck(sockets[agentSide] as never, 'chat:accept', { ticketId: chat.ticketId });
        expect(res.ok, JSON.stringify(res)).toBe(true);
      };
      steps.push({ at: acceptedAt, run: accept(side) });
      // Answered in writing a whole number of minutes after the start (a first response exact to its bin).
      if (next() < 0.6) steps.push({ at: startedAt + (Math.ceil((acceptedAt - startedAt) / MINUTE) + 1) * MINUTE, run: () => reply({ id: chat.ticketId, side }) });
      if (next() < 0.4) {
        steps.push({
          at: acceptedAt + 8 * MINUTE,
          run: async () => {
            const res = await emitWithAck(sockets[side] as never, 'chat:transfer', { ticketId: chat.ticketId, departmentId: departments[1 - side] });
            expect(res.ok, JSON.stringify(res)).toBe(true);
          },
        });
        if (next() < 0.7) steps.push({ at: acceptedAt + 10 * MINUTE, run: accept(1 - side) });
      }
      steps.push({ at: startedAt + pick(CHAT_LENGTHS), run: end });
    }
    // Three messages through the widget's offline form.
    for (const [i, at] of ['2027-03-22T19:40:00Z', '2027-03-28T00:30:00Z', '2027-04-01T12:05:00Z'].entries()) {
      const departmentId = departments[i % 2 as 0 | 1];
      offlineForms.push({ at: Date.parse(at), departmentId });
      steps.push({
        at: Date.parse(at),
        run: async () => {
          const res = await t.client().post('/api/v1/widget/offline-messages', { departmentId, name: 'Vēlais', email: `velais${i}@example.lv`, message: 'Neviena nebija.' });
          expect(res.status, JSON.stringify(res.body)).toBe(201);
        },
      });
    }
    // Vita's days online and away (to odd milliseconds), and one night online across the change to summer time.
    const availability = (state: 'online' | 'away' | 'offline') => async () => {
      const res = await vita.http.patch('/api/v1/me', { availability: state });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    steps.push({ at: Date.parse('2027-03-20T08:00:00Z'), run: availability('offline') });
    const spans: [string, string, 'online' | 'away'][] = [];
    for (let day = 21; day <= 31; day++) {
      const date = `2027-03-${day}`;
      spans.push([`${date}T07:10:30.250Z`, `${date}T11:02:07.900Z`, 'online'], [`${date}T11:02:07.900Z`, `${date}T11:47:00.000Z`, 'away'], [`${date}T11:47:00.000Z`, `${date}T16:20:45.500Z`, 'online']);
    }
    spans.push(['2027-03-27T22:40:10.000Z', '2027-03-28T02:05:03.000Z', 'online']);
    for (const [from, to, state] of spans) {
      presence.push({ agentId: vita.id, state, from: Date.parse(from), to: Date.parse(to) });
      steps.push({ at: Date.parse(from), run: availability(state) });
      // Where the next span does not start at once, Vita goes offline.
      if (!spans.some(([next]) => next === to)) steps.push({ at: Date.parse(to), run: availability('offline') });
    }
    steps.sort((a, b) => a.at - b.at);
    for (const step of steps) {
      clock.set(new Date(step.at));
      await step.run();
    }
  }

  async function reply(state: { id: number; side: number }) {
    const res = await agents[state.side]!.http.post(`/api/v1/tickets/${state.id}/replies`, { body: 'Paldies, skatāmies.' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }

  async function rate(state: { id: number }, rating: 'good' | 'bad', comment: string | undefined) {
    const survey = await t.app.orm.em.fork().findOneOrFail(SatisfactionSurvey, { ticket: state.id });
    const res = await t.client().post('/api/v1/satisfaction/ratings', { token: t.app.context.ratingLinks.token(survey.id), rating, ...(comment ? { comment } : {}) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }

  async function act(state: { id: number }, action: 'resolve' | 'reopen') {
    const res = await t.admin.post(`/api/v1/tickets/${state.id}/${action}`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  function query(period: StatisticsPeriod, filters: StatisticsFilters = {}) {
    const params = new URLSearchParams({ from: period.from, until: period.until, unit: period.unit, timeZone: period.timeZone });
    for (const [key, value] of Object.entries(filters)) if (value !== undefined) params.set(key, String(value));
    return params.toString();
  }

  async function compare(period: StatisticsPeriod, filters: StatisticsFilters = {}) {
    const res = await t.admin.get(`/api/v1/statistics?${query(period, filters)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const report = res.body as StatisticsReportDto;
    const buckets = statisticsBuckets(period)!;
    expect(report.units.map((unit) => unit.label)).toEqual(buckets.map((bucket) => bucket.label));
    const expected = expectedFigures(await rawHappenings(t.app.orm.em.fork() as Em, workingHours), buckets, filters);
    const series = (metric: string) => report.series.find((s) => s.metric === metric)!;
    for (const metric of ['created', 'resolved', 'reopened', 'replies', 'backlog', 'first_response.median', 'first_response.p90', 'resolution.median', 'resolution.p90', 'replies_per_ticket.median', 'replies_per_ticket.p90'] as const) {
      expect(series(metric).values, `${metric} ${JSON.stringify(filters)}`).toEqual(expected[metric === 'replies' ? 'replies' : metric]);
    }
    for (const channel of ['email', 'api', 'web_form'] as const) {
      expect(series(`created.${channel}`).values, channel).toEqual(expected.createdByChannel[channel] ?? new Array(buckets.length).fill(0));
    }
    expect(series('created').total).toBe(expected.created.reduce((a, b) => a + b, 0));
    expect(series('backlog').total).toBe(expected.backlog.at(-1));
    for (const [metric, kind] of [
      ['chats_started', 'chat_started'],
      ['chats_answered', 'chat_answered'],
      ['chats_missed', 'chat_missed'],
      ['chats_transferred', 'chat_transferred'],
      ['chats_accepted', 'chat_accepted'],
      ['ratings_good', 'rated_good'],
      ['ratings_bad', 'rated_bad'],
      ['rating_comments', 'rating_comment'],
      ...(['first_response', 'next_response', 'resolution', 'chat_answer'] as const).flatMap((target) => [
        [`sla_met.${target}`, `sla_met:${target}`],
        [`sla_breached.${target}`, `sla_miss:${target}`],
      ]),
    ] as const) {
      expect(series(metric).values, `${metric} ${JSON.stringify(filters)}`).toEqual(expected.counted(kind));
    }
    for (const metric of ['first_response_bh.median', 'first_response_bh.p90', 'resolution_bh.median', 'resolution_bh.p90', 'chat_wait.median', 'chat_wait.p90', 'chat_duration.median', 'chat_duration.p90'] as const) {
      expect(series(metric).values, `${metric} ${JSON.stringify(filters)}`).toEqual(expected[metric]);
    }
    expect(series('chat_wait.median').total).toBe(expected.totals['chat_wait.median']);
    expect(series('chat_duration.p90').total).toBe(expected.totals['chat_duration.p90']);
    const offline = buckets.map((bucket) => offlineForms.filter((form) => form.at >= bucket.start && form.at < bucket.end && matchesOffline(form, filters)).length);
    expect(series('offline_forms').values, `offline ${JSON.stringify(filters)}`).toEqual(offline);
    const [good, bad] = [expected.counted('rated_good'), expected.counted('rated_bad')];
    expect(series('ratings').values).toEqual(good.map((g, i) => g + bad[i]!));
    expect(series('satisfaction').values).toEqual(good.map((g, i) => (g + bad[i]! === 0 ? null : g / (g + bad[i]!))));
    const [allGood, allBad] = [good.reduce((a, b) => a + b, 0), bad.reduce((a, b) => a + b, 0)];
    expect(series('satisfaction').total).toBe(allGood + allBad === 0 ? null : allGood / (allGood + allBad));
    expect(report.serviceLevels).toBe(true);
    expect(report.businessHours).toBe(true);
    expect(series('first_response.median').total).toBe(expected.totals['first_response.median']);
    expect(series('resolution.p90').total).toBe(expected.totals['resolution.p90']);
    return report;
  }

  /** Offline forms make web-form tickets in a department, nobody's, of normal priority, without tags. */
  const matchesOffline = (form: { departmentId: number }, filters: StatisticsFilters) =>
    (filters.departmentId === undefined || filters.departmentId === form.departmentId) &&
    (filters.agentId === undefined) &&
    (filters.channel === undefined || filters.channel === 'web_form') &&
    (filters.priority === undefined || filters.priority === 'normal') &&
    filters.tag === undefined;

  function riga(from: string, until: string, unit: StatisticsPeriod['unit'] = 'day'): StatisticsPeriod {
    return { from, until, unit, timeZone: 'Europe/Riga' };
  }

  /** The agents' table of a period against the raw tables: each agent's resolved tickets, replies and medians. */
  async function compareAgents(period: StatisticsPeriod) {
    const res = await t.admin.get(`/api/v1/statistics/agents?${query(period)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const table = res.body as AgentStatisticsDto;
    const units = statisticsBuckets(period)!;
    const whole = [{ start: units[0]!.start, end: units.at(-1)!.end, label: '' }];
    const happenings = await rawHappenings(t.app.orm.em.fork() as Em, workingHours);
    let replies = 0;
    for (const row of table.rows) {
      const expected = expectedFigures(happenings, whole, { agentId: row.agentId });
      const figures = { resolved: row.values.resolved, replies: row.values.replies, 'first_response.median': row.values['first_response.median'], 'resolution.median': row.values['resolution.median'] };
      expect(figures, `agent ${row.agentId} ${period.from}…${period.until}`).toEqual({
        resolved: expected.resolved[0],
        replies: expected.replies[0],
        'first_response.median': expected['first_response.median'][0],
        'resolution.median': expected['resolution.median'][0],
      });
      replies += Number(row.values.replies);
    }
    expect(replies).toBeGreaterThan(0);
  }

  const zoneState = async (zone: string) => {
    const rows = await (t.app.orm.em.fork() as Em).getConnection().execute<{ built_below: unknown }[]>('select built_below from statistics_zone where zone = ?', [rollupZoneOf(zone)]);
    return rows.length === 0 ? 'none' : rows[0]!.built_below === null ? 'built' : 'building';
  };

  it('agrees with the raw tables day by day across the change to summer time, whatever the filters', async () => {
    expect(await zoneState('Europe/Riga')).toBe('none');
    const report = await compare(riga('2027-03-21', '2027-04-04'));
    const march28 = report.units.find((unit) => unit.label === '2027-03-28')!;
    expect(Date.parse(march28.end) - Date.parse(march28.start)).toBe(23 * HOUR);
    // Forty tickets, twelve chats and three offline messages.
    expect(report.series.find((s) => s.metric === 'created')!.total).toBe(55);
    expect(report.series.find((s) => s.metric === 'chats_started')!.total).toBe(12);
    expect(report.series.find((s) => s.metric === 'offline_forms')!.total).toBe(3);
    for (const metric of ['chats_answered', 'chats_missed', 'chats_transferred', 'sla_met.first_response', 'sla_breached.chat_answer', 'sla_met.resolution', 'ratings_good', 'ratings_bad', 'rating_comments'] as const) {
      expect(report.series.find((s) => s.metric === metric)!.total, metric).toBeGreaterThan(0);
    }
    // Before any service-level policy was set up, the report said so.
    expect(withoutPolicies.serviceLevels).toBe(false);
    // The first report in a zone asks for its days; until they are built, reports read quarter hours.
    expect(await zoneState('Europe/Riga')).toBe('building');
    await t.app.context.statistics.built();
    expect(await zoneState('Europe/Riga')).toBe('built');
    expect(await compare(riga('2027-03-21', '2027-04-04'))).toEqual(report);
    await compare(riga('2027-03-21', '2027-04-04'), { departmentId: departments[0] });
    await compare(riga('2027-03-21', '2027-04-04'), { agentId: agents[1]!.id });
    await compare(riga('2027-03-21', '2027-04-04'), { channel: 'email' });
    await compare(riga('2027-03-21', '2027-04-04'), { tag: 'billing' });
    await compare(riga('2027-03-21', '2027-04-04'), { priority: 'high' });
    await compare(riga('2027-03-21', '2027-04-04'), { departmentId: departments[1], priority: 'normal' });
    await compare(riga('2027-03-21', '2027-04-04'), { departmentId: departments[0], tag: 'vpn' });
    // Billing's times in its working hours are there, and (nights and weekends left out) shorter than elapsed.
    const billing = await compare(riga('2027-03-21', '2027-04-04'), { departmentId: departments[1] });
    const totalOf = (metric: string) => billing.series.find((s) => s.metric === metric)!.total;
    expect(totalOf('resolution_bh.p90')).not.toBeNull();
    expect(totalOf('resolution_bh.p90')!).toBeLessThan(totalOf('resolution.p90')!);
  });

  it('agrees by the hour over the missing hour, by week and by month, and in a zone half an hour off UTC', async () => {
    const hours = await compare(riga('2027-03-27', '2027-03-29', 'hour'));
    expect(hours.units).toHaveLength(47);
    expect(hours.units.map((unit) => unit.label)).not.toContain('2027-03-28T03:00');
    await compare(riga('2027-03-15', '2027-04-12', 'week'));
    // By day over a whole month: the period's medians read March from the monthly rollup, the odd days by day.
    await compare(riga('2027-02-20', '2027-04-06'));
    await compare(riga('2027-02-20', '2027-04-06'), { tag: 'billing' });
    await compare(riga('2027-03-01', '2027-05-01', 'month'));
    // Long periods read whole years and quarters from their own rollups (the medians of the period's totals).
    await compare(riga('2026-12-30', '2028-01-02', 'month'));
    await compare(riga('2027-01-01', '2027-07-01', 'month'), { departmentId: departments[0] });
    await compare(riga('2026-11-01', '2027-05-01', 'month'), { tag: 'billing' });
    for (const timeZone of ['Asia/Kolkata', 'America/St_Johns']) {
      const period: StatisticsPeriod = { from: '2027-03-21', until: '2027-04-04', unit: 'day', timeZone };
      const fromQuarterHours = await compare(period, { channel: 'api' });
      await t.app.context.statistics.built();
      expect(await zoneState(timeZone)).toBe('built');
      expect(await compare(period, { channel: 'api' })).toEqual(fromQuarterHours);
      await compare({ ...period, unit: 'week' }, { tag: 'billing' });
    }
  });

  it('compares with the previous period, and counts what was open before the period began', async () => {
    const report = await compare(riga('2027-03-26', '2027-04-02'));
    expect(report.previousPeriod).toMatchObject({ from: '2027-03-19', until: '2027-03-26' });
    const created = report.series.find((s) => s.metric === 'created')!;
    const expectedBefore = expectedFigures(await rawHappenings(t.app.orm.em.fork() as Em, workingHours), statisticsBuckets({ ...riga('2027-03-19', '2027-03-26') })!, {});
    expect(created.previousTotal).toBe(expectedBefore.created.reduce((a, b) => a + b, 0));
    expect(created.previousTotal).toBeGreaterThan(0);
    expect(report.series.find((s) => s.metric === 'backlog')!.previousTotal).toBe(expectedBefore.backlog.at(-1));
  });

  it('counts a ticket written after the report was last read at once', async () => {
    const period = riga('2027-04-10', '2027-04-11');
    clock.set(new Date('2027-04-10T09:00:00Z'));
    const before = (await t.admin.get(`/api/v1/statistics?${query(period)}`)).body as StatisticsReportDto;
    expect(before.series.find((s) => s.metric === 'created')!.total).toBe(0);
    const res = await t.admin.post('/api/v1/tickets', { subject: 'Jauns', message: 'Sveiki', contact: { email: 'jauns@example.lv' } });
    expect(res.status).toBe(201);
    await compare(period);
    // Riga's days are built: the fold added the new ticket to them as well as to the quarter hours.
    expect(await zoneState('Europe/Riga')).toBe('built');
    const after = (await t.admin.get(`/api/v1/statistics?${query(period)}`)).body as StatisticsReportDto;
    expect(after.series.find((s) => s.metric === 'created')!.total).toBe(1);
    expect(after.series.find((s) => s.metric === 'backlog')!.total).toBe(before.series.find((s) => s.metric === 'backlog')!.total! + 1);
  });

  it('builds a zone\'s days while tickets keep coming, counting each once', async () => {
    const period: StatisticsPeriod = { from: '2027-03-20', until: '2027-04-12', unit: 'day', timeZone: 'Europe/Kyiv' };
    await compare(period);
    expect(await zoneState('Europe/Kyiv')).toBe('building');
    // The first day with figures is copied; then tickets arrive both below and above that line.
    expect(await buildDailyStep(t.app.orm.em.fork() as Em, rollupZoneOf('Europe/Kyiv'))).toBe(false);
    for (const at of ['2027-03-21T05:30:00Z', '2027-03-25T12:00:00Z']) {
      clock.set(new Date(at));
      expect((await t.admin.post('/api/v1/tickets', { subject: 'Vēlāk', message: 'Sveiki', contact: { email: 'velak@example.lv' } })).status).toBe(201);
    }
    await t.app.context.statistics.caughtUp();
    await t.app.context.statistics.built();
    expect(await zoneState('Europe/Kyiv')).toBe('built');
    await compare(period);
    await compare(period, { channel: 'api' });
  });

  /** A ticket from a customer at `at`, answered by Anna an hour later: a reply and a first response in her row. */
  async function answeredTicketAt(at: string, subject: string) {
    clock.set(new Date(at));
    const created = await t.admin.post('/api/v1/tickets', { subject, message: subject, contact: { email: 'later@example.org' }, departmentId: departments[0] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    clock.set(new Date(Date.parse(at) + HOUR));
    const answered = await agents[0]!.http.post(`/api/v1/tickets/${created.body.ticket.id}/replies`, { body: 'Paldies, skatāmies.' });
    expect(answered.status, JSON.stringify(answered.body)).toBe(201);
  }

  /** Steps a zone's build (without the report's kick) until its days are copied below `instant`. */
  async function buildBelow(zone: string, instant: string) {
    const line = Date.parse(instant) / (15 * MINUTE);
    for (let below = 0; below < line; ) {
      expect(await buildDailyStep(t.app.orm.em.fork() as Em, zone)).toBe(false);
      const rows = await (t.app.orm.em.fork() as Em).getConnection().execute<{ built_below: unknown }[]>('select built_below from statistics_zone where zone = ?', [zone]);
      below = Number(rows[0]!.built_below);
    }
  }

  /** Sets the clock back, folds what came meanwhile, and lets the build run to its end. */
  async function finishBuild(zone: string, before: Date) {
    clock.set(before);
    await t.app.context.statistics.caughtUp();
    expect(await zoneState(zone)).toBe('building');
    await t.app.context.statistics.built();
    expect(await zoneState(zone)).toBe('built');
  }

  it('copies a zone\'s months and quarters once whole while tickets keep coming below and above each line', async () => {
    const zone = rollupZoneOf('Europe/Athens');
    // Asked for as a report would ask, but without the report's kick: the steps below are the only build.
    expect(await requestDailyZone(t.app.orm.em.fork() as Em, zone, clock.now())).toBe('building');
    const before = clock.now();
    // Figures a week on, so the build has days to copy after the line below.
    await answeredTicketAt('2027-05-08T09:00:00Z', 'Μετά');
    await t.app.context.statistics.caughtUp();
    // Past the second of May: March and April are copied whole, so is the first quarter; May only up to the days' line.
    await buildBelow(zone, '2027-05-01T21:00:00Z');
    // Below every line but the years' (the fold adds to days, months and quarters), below the days' and the
    // months' lines, below the days' line only, and above all.
    for (const at of ['2027-03-25T12:00:00Z', '2027-04-20T12:00:00Z', '2027-05-01T09:00:00Z', '2027-05-05T09:00:00Z']) await answeredTicketAt(at, 'Μετά');
    await finishBuild(zone, before);
    await compare({ from: '2027-03-15', until: '2027-05-12', unit: 'day', timeZone: zone });
    await compare({ from: '2027-03-01', until: '2027-06-01', unit: 'month', timeZone: zone });
    await compare({ from: '2027-01-01', until: '2028-01-01', unit: 'month', timeZone: zone }, { channel: 'api' });
    // The agents' table reads a whole year, quarter or month from its own rollup.
    for (const [from, until] of [['2027-01-01', '2028-01-01'], ['2027-01-01', '2027-04-01'], ['2027-04-01', '2027-07-01'], ['2027-04-01', '2027-05-01']] as const) {
      await compareAgents({ from, until, unit: 'day', timeZone: zone });
    }
  });

  it('copies a zone\'s quarters and years once whole when its build passes the end of a year', async () => {
    const zone = rollupZoneOf('America/Santiago');
    expect(await requestDailyZone(t.app.orm.em.fork() as Em, zone, clock.now())).toBe('building');
    const before = clock.now();
    // Figures on both sides of the new year, so the build has days to copy past it.
    for (const at of ['2027-12-29T15:00:00Z', '2028-01-09T15:00:00Z']) await answeredTicketAt(at, 'Año nuevo');
    await t.app.context.statistics.caughtUp();
    // Past the second of January (local, summer time UTC-3): 2027 is then copied whole.
    await buildBelow(zone, '2028-01-02T03:00:00Z');
    // Below every line (the fold adds to 2027's days, months, quarters and year), below the days' line only, above all.
    for (const at of ['2027-12-20T15:00:00Z', '2028-01-01T12:00:00Z', '2028-01-05T15:00:00Z']) await answeredTicketAt(at, 'Año nuevo');
    await finishBuild(zone, before);
    await compare({ from: '2027-12-15', until: '2028-01-15', unit: 'day', timeZone: zone });
    // A year by day takes its medians' totals from the year's rollup.
    await compare({ from: '2027-01-01', until: '2028-01-01', unit: 'day', timeZone: zone });
    for (const [from, until] of [['2027-01-01', '2028-01-01'], ['2028-01-01', '2029-01-01'], ['2027-10-01', '2028-04-01']] as const) {
      await compareAgents({ from, until, unit: 'day', timeZone: zone });
    }
  });

  it('shows each agent their own figures and their departments\', and administrators everyone\'s', async () => {
    const period = query(riga('2027-03-21', '2027-04-04'));
    const [anna, boris] = agents as [(typeof agents)[number], (typeof agents)[number]];
    expect((await anna.http.get(`/api/v1/statistics?${period}`)).body.error.code).toBe('auth/forbidden');
    expect((await anna.http.get(`/api/v1/statistics?${period}`)).status).toBe(403);
    expect((await anna.http.get(`/api/v1/statistics?${period}&departmentId=${departments[0]}`)).status).toBe(200);
    expect((await anna.http.get(`/api/v1/statistics?${period}&departmentId=${departments[1]}`)).status).toBe(403);
    expect((await anna.http.get(`/api/v1/statistics?${period}&agentId=${anna.id}`)).status).toBe(200);
    expect((await anna.http.get(`/api/v1/statistics?${period}&agentId=${boris.id}`)).status).toBe(403);
    expect((await anna.http.get(`/api/v1/statistics/agents?${period}`)).status).toBe(403);
    expect((await anna.http.get(`/api/v1/statistics/export?${period}&table=agents`)).status).toBe(403);

    const happenings = await rawHappenings(t.app.orm.em.fork() as Em, workingHours);
    // Two weeks read by day; a year and two days read the year's own rollup and the odd days.
    for (const [asked, start, end] of [
      [period, '2027-03-20T22:00:00Z', '2027-04-03T21:00:00Z'],
      [query(riga('2026-12-30', '2028-01-02')), '2026-12-29T22:00:00Z', '2028-01-01T22:00:00Z'],
    ] as const) {
    const table = (await t.admin.get(`/api/v1/statistics/agents?${asked}`)).body as AgentStatisticsDto;
    const buckets = [{ start: Date.parse(start), end: Date.parse(end), label: '' }];
    const seconds = expectedPresence(presence, buckets[0]!.start, buckets[0]!.end);
    expect(seconds.get(vita.id)!.online).toBeGreaterThan(0);
    for (const agent of [anna, boris, vita]) {
      const expected = { ...expectedFigures(happenings, buckets, { agentId: agent.id }), presence: seconds };
      const row = table.rows.find((r) => r.agentId === agent.id)!;
      const [good, bad] = [expected.counted('rated_good')[0]!, expected.counted('rated_bad')[0]!];
      expect(row.values).toEqual({
        satisfaction: good + bad === 0 ? null : good / (good + bad),
        ratings: good + bad,
        resolved: expected.resolved[0],
        replies: expected.replies[0],
        'first_response.median': expected['first_response.median'][0],
        'resolution.median': expected['resolution.median'][0],
        chats_accepted: expected.chats_accepted[0],
        online_time: expected.presence.get(agent.id)?.online ?? 0,
        away_time: expected.presence.get(agent.id)?.away ?? 0,
      });
    }
    // Within a department: its agents' work there only.
    const billing = (await boris.http.get(`/api/v1/statistics/agents?${asked}&departmentId=${departments[1]}`)).body as AgentStatisticsDto;
    expect(billing.rows.length).toBeGreaterThan(0);
    for (const row of billing.rows) {
      expect(row.values.replies).toBe(expectedFigures(happenings, buckets, { agentId: row.agentId, departmentId: departments[1] }).replies[0]);
    }
    }
  });

  it('exports a table as CSV with a byte-order mark and headings in the asked language', async () => {
    const period = riga('2027-03-21', '2027-04-04');
    const report = (await t.admin.get(`/api/v1/statistics?${query(period)}`)).body as StatisticsReportDto;
    const res = await fetch(`${t.baseUrl}/api/v1/statistics/export?${query(period)}&table=overview&locale=lv`, { headers: { cookie: t.admin.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toContain('Izveidotie pieteikumi');
    expect(lines[0]).toContain('Pirmā atbilde, mediāna (s)');
    expect(lines).toHaveLength(report.units.length + 3);
    const header = lines[0]!.split(',');
    const createdColumn = header.indexOf('Izveidotie pieteikumi');
    const created = report.series.find((s) => s.metric === 'created')!;
    for (const [i, unit] of report.units.entries()) {
      const cells = lines[i + 1]!.split(',');
      expect(cells[0]).toBe(unit.label);
      expect(Number(cells[createdColumn])).toBe(created.values[i]);
    }
    expect(lines.at(-2)!.split(',')[createdColumn]).toBe(String(created.total));
    // The share of good ratings as a percentage, one decimal.
    const cellsOf = (line: string) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, ''));
    const share = report.series.find((s) => s.metric === 'satisfaction')!.total;
    expect(share).not.toBeNull();
    expect(cellsOf(lines.at(-2)!)[cellsOf(lines[0]!).indexOf('Apmierinātība (% labu)')]).toBe(String(Math.round(share! * 1000) / 10));

    const agentsCsv = await fetch(`${t.baseUrl}/api/v1/statistics/export?${query(period)}&table=agents&locale=uk`, { headers: { cookie: t.admin.cookie! } });
    const text = (await agentsCsv.text()).replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toBe('Агент,Вирішено,Відповіді,Чати,"Перша відповідь, медіана (с)","Час вирішення, медіана (с)",Задоволеність (% добрих),Оцінки,Час у мережі (с),Час відсутності (с)');
    expect(text).toContain('Anna,');
  });

  it('counts an agent\'s time online and away to the second, closing open time at quarter hours and taking a console gone as offline', async () => {
    const day = riga('2027-04-20', '2027-04-21');
    const table = async () => ((await t.admin.get(`/api/v1/statistics/agents?${query(day)}`)).body as AgentStatisticsDto).rows.find((row) => row.agentId === vita.id);
    clock.set(new Date('2027-04-20T10:00:00Z'));
    expect((await vita.http.patch('/api/v1/me', { availability: 'online' })).status).toBe(200);
    clock.set(new Date('2027-04-20T10:07:00Z'));
    await sweepPresence(t.app.context, new Set([vita.id]));
    expect(await table()).toBeUndefined();
    // The sweep closes the time up to the last quarter hour: reports count it without waiting for a change.
    clock.set(new Date('2027-04-20T10:20:30Z'));
    await sweepPresence(t.app.context, new Set([vita.id]));
    expect((await table())!.values).toMatchObject({ online_time: 900, away_time: 0 });
    // No console of hers anywhere: she is offline from the sweep on.
    clock.set(new Date('2027-04-20T10:25:10Z'));
    await sweepPresence(t.app.context, new Set());
    expect((await table())!.values).toMatchObject({ online_time: 1510, away_time: 0 });
    clock.set(new Date('2027-04-20T11:00:00Z'));
    await sweepPresence(t.app.context, new Set());
    expect((await table())!.values).toMatchObject({ online_time: 1510 });
    // Within a department, its members' presence; an agent sees their own.
    const support = (await t.admin.get(`/api/v1/statistics/agents?${query(day, { departmentId: departments[0] })}`)).body as AgentStatisticsDto;
    expect(support.rows.find((row) => row.agentId === vita.id)?.values.online_time).toBe(1510);
    const billing = (await t.admin.get(`/api/v1/statistics/agents?${query(day, { departmentId: departments[1] })}`)).body as AgentStatisticsDto;
    expect(billing.rows.find((row) => row.agentId === vita.id)).toBeUndefined();
    const own = (await vita.http.get(`/api/v1/statistics/agents?${query(day, { agentId: vita.id })}`)).body as AgentStatisticsDto;
    expect(own.rows.map((row) => [row.agentId, row.values.online_time])).toEqual([[vita.id, 1510]]);
  });

  it('refuses periods that do not run forward, unknown zones and fixed offsets', async () => {
    const bad = async (params: string, code: string) => {
      const res = await t.admin.get(`/api/v1/statistics?${params}`);
      expect(res.status, params).toBe(400);
      expect(res.body.error.code, params).toBe(code);
    };
    await bad('from=2027-03-10&until=2027-03-01&unit=day&timeZone=Europe/Riga', 'statistics/period_invalid');
    await bad('from=2027-03-10&until=2027-03-10&unit=day&timeZone=Europe/Riga', 'statistics/period_invalid');
    await bad('from=2020-01-01&until=2027-01-01&unit=hour&timeZone=Europe/Riga', 'statistics/period_invalid');
    await bad('from=2027-02-30&until=2027-03-10&unit=day&timeZone=Europe/Riga', 'request/invalid');
    await bad('from=2027-03-01&until=2027-03-10&unit=day&timeZone=Mars/Olympus', 'request/invalid');
    await bad('from=2027-03-01&until=2027-03-10&unit=day&timeZone=%2B02:00', 'request/invalid');
    await bad('from=2027-03-01&until=2027-03-10&unit=fortnight&timeZone=UTC', 'request/invalid');
    // However a zone is written (case, an older name), its rollups are one set.
    const zones = async () => (await (t.app.orm.em.fork() as Em).getConnection().execute<{ zone: string }[]>('select zone from statistics_zone order by zone')).map((row) => row.zone);
    const known = await zones();
    for (const written of ['europe/riga', 'Asia/Calcutta', 'ASIA/KOLKATA']) {
      const res = await t.admin.get(`/api/v1/statistics?from=2027-03-01&until=2027-03-10&unit=day&timeZone=${written}`);
      expect(res.status, written).toBe(200);
    }
    expect(await zones()).toEqual(known);
  });
});
