// @vitest-environment happy-dom
import { STATISTICS_METRICS, type StatisticsMetric, statisticsMetricKind } from '@parley/domain';
import type { AgentDto, AgentStatisticsDto, StatisticsReportDto } from '@parley/protocol';
import { createPinia } from 'pinia';
import { createApp, h } from 'vue';
import { createMemoryHistory, createRouter, type Router, RouterView } from 'vue-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../i18n';
import { useDirectoryStore } from '../../stores/directory';
import { usePreferencesStore } from '../../stores/preferences';
import { useSessionStore } from '../../stores/session';
import { administrator, choose, control, type FakeApi, fakeApi, refusal, settle, textOf, button, click } from '../admin/mount-admin-view';
import { drawChart } from './chart-setup';
import { addDays, todayIn } from './statistics-query';
import StatisticsView from './StatisticsView.vue';

// The chart's library draws on a canvas happy-dom does not paint: the test sees what it is asked to draw.
vi.mock('./chart-setup', () => ({ drawChart: vi.fn(() => ({ update: vi.fn(), destroy: vi.fn() })) }));

const agent: AgentDto = { ...administrator, id: 7, name: 'Pat Agent', role: 'agent', departmentIds: [2] };
const department = (id: number, name: string) => ({ id, name, createdAt: administrator.createdAt, updatedAt: administrator.updatedAt });

const figures: Partial<Record<StatisticsMetric, [(number | null)[], number | null, number | null]>> = {
  created: [[2, 0, 3], 5, 4],
  'created.chat': [[1, 0, 1], 2, 2],
  'created.email': [[1, 0, 2], 3, 0],
  resolved: [[1, 1, 0], 2, 4],
  backlog: [[3, 2, 5], 5, 3],
  replies: [[2, 1, 3], 6, 6],
  'first_response.median': [[300, null, 3_900], 900, 1_800],
  'replies_per_ticket.median': [[1, null, 2], 1.5, 1],
  chats_started: [[2, 1, 1], 4, 2],
  chats_answered: [[2, 0, 1], 3, 2],
  chats_missed: [[0, 1, 0], 1, 0],
  'chat_wait.median': [[45, null, 120], 45, 90],
  'sla_met.first_response': [[1, 0, 2], 3, 1],
  'sla_breached.first_response': [[0, 1, 0], 1, 2],
  satisfaction: [[1, 0.5, null], 0.75, 0.5],
  ratings: [[1, 2, 0], 4, 2],
  ratings_good: [[1, 1, 0], 3, 1],
  ratings_bad: [[0, 1, 0], 1, 1],
};
const period = { from: '2026-11-18', until: '2026-11-21', unit: 'day' as const, timeZone: 'UTC' };
const report: StatisticsReportDto = {
  period,
  previousPeriod: { ...period, from: '2026-11-15', until: '2026-11-18' },
  units: ['2026-11-18', '2026-11-19', '2026-11-20'].map((label) => ({ label, start: `${label}T00:00:00.000Z`, end: `${addDays(label, 1)}T00:00:00.000Z` })),
  series: STATISTICS_METRICS.map((metric) => {
    const kind = statisticsMetricKind(metric);
    const [values, total, previousTotal] = figures[metric] ?? (kind === 'count' ? [[0, 0, 0], 0, 0] : [[null, null, null], null, null]);
    return { metric, kind, values, total, previousTotal };
  }),
  serviceLevels: true,
  businessHours: true,
};
const agents: AgentStatisticsDto = {
  period,
  metrics: ['resolved', 'replies', 'chats_accepted', 'first_response.median', 'resolution.median', 'satisfaction', 'ratings', 'online_time', 'away_time'],
  kinds: { resolved: 'count', replies: 'count', chats_accepted: 'count', 'first_response.median': 'seconds', 'resolution.median': 'seconds', satisfaction: 'share', ratings: 'count', online_time: 'seconds', away_time: 'seconds' },
  rows: [
    { agentId: 7, name: 'Pat Agent', values: { resolved: 2, replies: 4, chats_accepted: 3, 'first_response.median': 600, 'resolution.median': 7_200, satisfaction: 2 / 3, ratings: 3, online_time: 27_000, away_time: 1_800 } },
    { agentId: 1, name: 'Anna Admin', values: { resolved: 0, replies: 2, chats_accepted: 0, 'first_response.median': null, 'resolution.median': null, satisfaction: null, ratings: 0, online_time: 0, away_time: 0 } },
  ],
};
const nothing: StatisticsReportDto = { ...report, series: report.series.map((s) => ({ ...s, values: s.values.map((v) => (v === null ? null : 0)), total: s.kind === 'count' ? 0 : null, previousTotal: 0 })) };

const comment = { ticketId: 42, number: '42', subject: 'Invoice', rating: 'bad' as const, comment: 'Took three days.', ratedAt: '2026-11-19T09:30:00.000Z', agentId: 7, agentName: 'Pat Agent' };
const server = (overview: StatisticsReportDto = report) =>
  fakeApi()
    .on('GET /statistics', { body: overview })
    .on('GET /statistics/agents', { body: agents })
    .on('GET /statistics/ratings', { body: { items: [comment], nextCursor: null } });
const queries = (api: FakeApi, path = '/statistics') => api.calls.filter((c) => c.path.split('?')[0] === path).map((c) => Object.fromEntries(new URLSearchParams(c.path.split('?')[1])));

let root: HTMLElement;
let router: Router;
let unmount: () => void = () => undefined;

async function mount(api: FakeApi, as: AgentDto = administrator, path = '/statistics'): Promise<void> {
  vi.stubGlobal('fetch', api.fetch);
  const pinia = createPinia();
  usePreferencesStore(pinia).setLocale('en');
  Object.assign(useSessionStore(pinia), { agent: as, loaded: true });
  Object.assign(useDirectoryStore(pinia), { departments: [department(1, 'Billing'), department(2, 'Support')], agents: [administrator, agent], loaded: true });
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/statistics', name: 'statistics', component: StatisticsView },
      { path: '/tickets/:id', name: 'ticket', component: { render: () => null } },
    ],
  });
  await router.push(path);
  root = document.createElement('div');
  document.body.append(root);
  const app = createApp({ render: () => h(RouterView) });
  app.use(pinia).use(createAppI18n('en')).use(router).mount(root);
  await settle();
  unmount = () => {
    app.unmount();
    root.remove();
    vi.unstubAllGlobals();
  };
}

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const rowOf = (table: string, header: string) => [...root.querySelectorAll(`[data-table="${table}"] tr`)].find((r) => textOf(r.querySelector('th')) === header);
const cells = (row: Element | undefined) => [...(row?.querySelectorAll('td') ?? [])].map((c) => textOf(c));
const column = (metric: StatisticsMetric) => STATISTICS_METRICS.indexOf(metric);
const card = (metric: string) => root.querySelector(`.stats-summary__card[data-metric="${metric}"]`);

describe('StatisticsView', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-20T12:00:00Z'));
  });
  afterEach(() => {
    unmount();
    vi.useRealTimers();
    vi.mocked(drawChart).mockClear();
  });

  it('asks for the last 7 days of everything by day in the browser zone, and shows the numbers in the table', async () => {
    const api = server();
    await mount(api);
    const today = todayIn(zone);
    expect(queries(api)).toEqual([{ from: addDays(today, -6), until: addDays(today, 1), unit: 'day', timeZone: zone }]);
    expect(queries(api, '/statistics/agents')).toEqual(queries(api));
    expect(textOf(root.querySelector('h1'))).toBe('Statistics');
    expect(root.textContent).toContain(`Days and hours in the time zone ${zone}`);

    const header = [...root.querySelectorAll('[data-table="overview"] thead th')].map((th) => textOf(th));
    expect(header.slice(0, 4)).toEqual(['Day', 'Tickets created', 'Created by chat', 'Created by email']);
    const first = cells(rowOf('overview', 'Wed, Nov 18'));
    expect(first[column('created')]).toBe('2');
    expect(first[column('backlog')]).toBe('3');
    expect(first[column('first_response.median')]).toBe('5 min');
    expect(cells(rowOf('overview', 'Thu, Nov 19'))[column('first_response.median')]).toBe('—');
    expect(cells(rowOf('overview', 'Fri, Nov 20'))[column('first_response.median')]).toMatch(/^1 hr,? 5 min$/);
    const total = cells(rowOf('overview', 'Total'));
    expect([total[column('created')], total[column('resolved')], total[column('replies_per_ticket.median')]]).toEqual(['5', '2', '1.5']);
    expect(cells(rowOf('overview', 'Previous period'))[column('first_response.median')]).toBe('30 min');

    expect(cells(rowOf('agents', 'Anna Admin'))).toEqual(['0', '2', '0', '—', '—', '—', '0', '0 sec', '0 sec']);
    expect(cells(rowOf('agents', 'Pat Agent'))).toEqual(['2', '4', '3', '10 min', '2 hr', '66.7%', '3', '7 hr, 30 min', '30 min']);
    expect([...root.querySelectorAll('[data-table="agents"] thead th')].map((th) => textOf(th)).slice(3)).toEqual([
      'Chats', 'First response, median', 'Resolution time, median', 'Satisfaction (good ratings)', 'Ratings', 'Time online', 'Time away',
    ]);
    expect([...root.querySelectorAll('[data-table="agents"] tbody th')].map((th) => textOf(th))).toEqual(['Anna Admin', 'Pat Agent']);
  });

  it('lists what customers wrote with their ratings, for the same period and filters', async () => {
    const api = server();
    await mount(api);
    const { unit: _unit, ...period } = queries(api)[0]!;
    expect(queries(api, '/statistics/ratings')).toEqual([period]);
    const item = root.querySelector('.stats-comments__item');
    expect(textOf(item)).toContain('Rated bad #42 Invoice Pat Agent');
    expect(textOf(item)).toContain('Took three days.');
    expect(item?.querySelector('a')?.getAttribute('href')).toBe('/tickets/42');
  });

  it('groups the totals into tickets, chats, service levels and satisfaction, and says when no service levels are set up', async () => {
    await mount(server());
    expect([...root.querySelectorAll('.stats-summary-group h2')].map((h) => textOf(h))).toEqual(['Tickets', 'Chats', 'Service levels', 'Customer satisfaction']);
    expect(textOf(card('satisfaction'))).toBe('Satisfaction (good ratings) 75% ▲ Up 50% , better Previous period: 50%');
    expect(textOf(card('ratings_bad'))).toBe('Bad ratings 1 = No change Previous period: 1');
    expect(textOf(card('chats_started'))).toBe('Chats started 4 ▲ Up 100% Previous period: 2');
    expect(textOf(card('chats_missed'))).toBe('Chats missed 1 ▲ Up from none , worse Previous period: 0');
    expect(textOf(card('chat_wait.median'))).toBe('Time to answer a chat, median 45 sec ▼ Down 50% , better Previous period: 1 min, 30 sec');
    expect(textOf(card('sla_met.first_response'))).toBe('First response target met 3 ▲ Up 200% , better Previous period: 1');
    expect(textOf(card('sla_breached.first_response'))).toBe('First response target breached 1 ▼ Down 50% , better Previous period: 2');
    expect(root.querySelector('[data-empty="service-levels"]')).toBeNull();
    unmount();

    await mount(server({ ...report, serviceLevels: false, businessHours: false }));
    expect(root.querySelector('[data-table="overview"] th[data-metric*="_bh."]')).toBeNull();
    expect(card('first_response_bh.median')).toBeNull();
    expect(textOf(root.querySelector('[data-empty="service-levels"]'))).toBe('No service levels are set up: there are no targets to meet or breach.');
    expect(card('sla_met.first_response')).toBeNull();
    expect(root.querySelector('[data-table="overview"] th[data-metric^="sla_"]')).toBeNull();
    expect(root.querySelector('[data-table="overview"] th[data-metric="chats_started"]')).not.toBeNull();
  });

  it('compares each total with the previous period: up or down by how much, and lower durations as better', async () => {
    await mount(server());
    expect(textOf(card('created'))).toBe('Tickets created 5 ▲ Up 25% Previous period: 4');
    expect(card('created')!.querySelector('[data-direction="up"]')!.getAttribute('data-verdict')).toBe('neutral');
    expect(textOf(card('resolved'))).toBe('Resolved 2 ▼ Down 50% , worse Previous period: 4');
    expect(textOf(card('first_response.median'))).toBe('First response, median 15 min ▼ Down 50% , better Previous period: 30 min');
    expect(card('first_response.median')!.querySelector('[data-verdict="better"]')).not.toBeNull();
    expect(textOf(card('backlog'))).toContain('▲ Up 66.7% , worse');
    expect(textOf(card('replies'))).toContain('= No change');
    expect(textOf(card('resolution.median'))).toBe('Resolution time, median — Previous period: —');
  });

  it('keeps the period, unit, filters and chart in the URL, and asks again only when the figures change', async () => {
    const api = server();
    await mount(api);
    choose(control<HTMLSelectElement>(root, 'Period'), 'thisMonth');
    await settle();
    expect(router.currentRoute.value.query).toEqual({ period: 'thisMonth' });
    const today = todayIn(zone);
    expect(queries(api).at(-1)).toMatchObject({ from: `${today.slice(0, 7)}-01`, until: addDays(today, 1), unit: 'day' });

    choose(control<HTMLSelectElement>(root, 'Period'), 'custom');
    await settle();
    const last = control(root, 'Last day');
    last.value = '2026-11-10';
    last.dispatchEvent(new Event('change'));
    await settle();
    expect(router.currentRoute.value.query).toEqual({ period: 'custom', from: `${today.slice(0, 7)}-01`, to: '2026-11-10' });
    expect(queries(api).at(-1)).toMatchObject({ from: `${today.slice(0, 7)}-01`, until: '2026-11-11' });

    choose(control<HTMLSelectElement>(root, 'Group by'), 'week');
    choose(control<HTMLSelectElement>(root, 'Channel'), 'email');
    await settle();
    choose(control<HTMLSelectElement>(root, 'Agent'), '7');
    await settle();
    expect(queries(api).at(-1)).toMatchObject({ unit: 'week', channel: 'email', agentId: '7' });
    const asked = api.calls.length;

    const resolved = [...root.querySelectorAll<HTMLInputElement>('.stats-chart input[type="checkbox"]')].find((box) => box.value === 'backlog')!;
    resolved.click();
    await settle();
    expect(router.currentRoute.value.query.chart).toBe('created,resolved,backlog');
    expect(api.calls.length).toBe(asked);

    const shared = router.currentRoute.value.fullPath;
    unmount();
    const reloaded = server();
    await mount(reloaded, administrator, shared);
    expect(queries(reloaded)).toEqual([{ from: `${today.slice(0, 7)}-01`, until: '2026-11-11', unit: 'week', timeZone: zone, agentId: '7', channel: 'email' }]);
    expect(control<HTMLSelectElement>(root, 'Group by').value).toBe('week');
  });

  it('downloads both tables as CSV with the same query, the table and the language', async () => {
    await mount(server(), administrator, '/statistics?period=custom&from=2026-11-01&to=2026-11-30&priority=urgent&tag=vip');
    const link = (table: string) => new URL(root.querySelector<HTMLAnchorElement>(`a[download][data-export="${table}"]`)!.getAttribute('href')!, 'http://x');
    for (const table of ['overview', 'agents']) {
      expect(link(table).pathname).toBe('/api/v1/statistics/export');
      expect(Object.fromEntries(link(table).searchParams)).toEqual({ from: '2026-11-01', until: '2026-12-01', unit: 'day', timeZone: zone, priority: 'urgent', tag: 'vip', table, locale: 'en' });
    }
    expect(textOf(root.querySelector('[data-export="overview"]'))).toBe('Download the figures (CSV)');
  });

  it('names the chart with a text summary of what it draws', async () => {
    await mount(server());
    expect(drawChart).toHaveBeenCalledTimes(1);
    const config = vi.mocked(drawChart).mock.calls[0]![1];
    expect(config.data.datasets.map((d) => [d.label, d.type, d.data])).toEqual([
      ['Tickets created', 'bar', [2, 0, 3]],
      ['Resolved', 'bar', [1, 1, 0]],
    ]);
    const canvas = root.querySelector('canvas')!;
    expect(canvas.getAttribute('role')).toBe('img');
    expect(canvas.getAttribute('aria-label')).toBe(
      "Chart of the period's figures. Tickets created: 5 for the period, highest 3 (Fri, Nov 20); Resolved: 2 for the period, highest 1 (Wed, Nov 18)",
    );
  });

  it('shows an agent their own figures first, and their departments', async () => {
    const api = server();
    await mount(api, agent);
    expect(queries(api).at(-1)).toMatchObject({ agentId: '7' });
    expect([...control<HTMLSelectElement>(root, 'Agent').options].map((o) => o.textContent)).toEqual(['Me']);
    expect([...control<HTMLSelectElement>(root, 'Department').options].map((o) => o.textContent)).toEqual(['Any department', 'Support']);

    choose(control<HTMLSelectElement>(root, 'Department'), '2');
    await settle();
    choose(control<HTMLSelectElement>(root, 'Agent'), 'all');
    await settle();
    expect(router.currentRoute.value.query).toEqual({ department: '2', agent: 'all' });
    expect(queries(api).at(-1)).not.toHaveProperty('agentId');
    expect(queries(api).at(-1)).toMatchObject({ departmentId: '2' });
    expect([...control<HTMLSelectElement>(root, 'Department').options].map((o) => o.textContent)).toEqual(['Support']);
  });

  it('says when nothing happened, when the days are reversed, and when the server refuses', async () => {
    await mount(server(nothing));
    expect(textOf(root.querySelector('.empty-state'))).toContain('No tickets in this period');
    expect(root.querySelector('table')).toBeNull();
    unmount();

    const api = server();
    await mount(api, administrator, '/statistics?period=custom&from=2026-11-10&to=2026-11-01');
    expect(textOf(root.querySelector('[role="alert"]'))).toContain('Choose a period whose first day is not after its last day');
    expect(queries(api)).toEqual([]);
    unmount();

    let fail = true;
    const refusing = server().on('GET /statistics', () => (fail ? refusal(403, 'auth/forbidden') : { body: report }));
    await mount(refusing);
    expect(textOf(root.querySelector('[role="alert"]'))).toBe('You are not allowed to do that.');
    fail = false;
    await click(button(root, 'Try again'));
    expect(root.querySelector('[data-table="overview"]')).not.toBeNull();
  });
});
