import { type AgentOnlyMetric, STATISTICS_METRICS, type StatisticsMetric, statisticsCsvHeadings, statisticsMetricKind } from '@parley/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { ADMIN, createTestApp, type TestApp } from '../helpers/create-test-app.js';

const lv = consoleMessages('lv');
const ZONE = 'Europe/Riga';
const MINUTE = 60;

/** A day in Riga as YYYY-MM-DD, and an instant of Riga's wall clock (its offset is +2 or +3 by the season). */
const rigaDay = (instant: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
function rigaTime(day: string, time: string): Date {
  const wall = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  for (const offset of ['+02:00', '+03:00']) {
    const instant = new Date(`${day}T${time}:00${offset}`);
    if (wall.format(instant) === `${day} ${time}`) return instant;
  }
  throw new Error(`no ${day} ${time} in ${ZONE}`);
}
function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** RFC 4180 lines: cells in double quotes may hold commas (the headings do) and doubled quotes. */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((match) => (match[1]!.startsWith('"') ? match[1]!.slice(1, -1).replace(/""/g, '"') : match[1]!)));
}

/** The server's time: fixed while the history is written, the real time once it is (the browser runs on that). */
const clock: Clock & { at: Date | null } = { at: null, now: () => new Date(clock.at ?? Date.now()) };

type Figures = (number | null)[];
/** The tickets' figures (the first sixteen columns): the history has no chats, and no service level is set up. */
const NONE: Figures = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, null, null];
const withBacklog = (open: number): Figures => NONE.map((value, i) => (i === STATISTICS_METRICS.indexOf('backlog') ? open : value));
/** The chats' figures after them: none started, answered, missed, handed on, taken or left offline; no times. */
const NO_CHATS: Figures = [0, 0, 0, 0, 0, 0, null, null, null, null];
/** Without a business calendar the table leaves out the business-hours times; the CSV has them, empty. */
const withBusinessHours = (figures: Figures): Figures => {
  const at = STATISTICS_METRICS.indexOf('first_response_bh.median');
  return [...figures.slice(0, at), null, null, null, null, ...figures.slice(at)];
};
/** Nobody rated anything: no share of good ratings, no ratings, no comments. */
const NO_RATINGS: Figures = [null, 0, 0, 0, 0];
/** Without any service-level policy the table leaves out the targets' columns; the CSV has them, all zero. */
const TABLE_METRICS = STATISTICS_METRICS.filter((metric) => !metric.startsWith('sla_') && !metric.includes('_bh.'));
const NO_SLA: Figures = STATISTICS_METRICS.filter((metric) => metric.startsWith('sla_')).map(() => 0);

/**
 * In Latvian: an administrator opens Statistics over a history written through the API two and one days
 * ago (tickets by three channels, replies, resolutions, a reopening), reads the chart and the exact figures,
 * changes the period to today and then to one chosen day, downloads that table as CSV and finds the same
 * numbers under Latvian headings.
 */
describe.skipIf(!hasChromium)('the Statistics screen [chromium]', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const today = rigaDay(new Date());
  const [twoDaysAgo, yesterday] = [addDays(today, -2), addDays(today, -1)];

  beforeAll(async () => {
    clock.at = rigaTime(twoDaysAgo, '09:00');
    // The history is written on the server's clock two days back: the administrator's session must outlast the jump.
    t = await createTestApp({ clock, env: { SESSION_TTL_HOURS: '1000' } });
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    await t.admin.patch(`/api/v1/agents/${me.id}`, { locale: 'lv' });
    const support = await t.department('Atbalsts');
    const peteris = await t.agent({ name: 'Pēteris Bērziņš', departmentIds: [support] });
    const ids: Record<string, number> = {};
    const at = (day: string, time: string) => {
      clock.at = rigaTime(day, time);
    };
    const create = async (key: string, channel: 'email' | 'api' | 'web_form') => {
      const res = await t.admin.post('/api/v1/tickets', { subject: `Pieprasījums ${key}`, message: 'Lūdzu, palīdziet.', channel, contact: { email: `klients-${key}@example.lv` }, departmentId: support, agentId: peteris.id });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[key] = res.body.ticket.id;
    };
    const reply = async (key: string) => expect((await peteris.http.post(`/api/v1/tickets/${ids[key]}/replies`, { body: 'Paldies, skatāmies.' })).status).toBe(201);
    const act = async (key: string, action: 'resolve' | 'reopen') => expect((await t.admin.post(`/api/v1/tickets/${ids[key]}/${action}`, {})).status).toBe(200);

    at(twoDaysAgo, '10:00');
    await create('A', 'email');
    at(twoDaysAgo, '10:05');
    await reply('A'); // first response 5 min
    at(twoDaysAgo, '11:00');
    await act('A', 'resolve'); // resolved in 1 h after 1 reply
    at(twoDaysAgo, '12:00');
    await create('B', 'api');
    at(twoDaysAgo, '12:20');
    await reply('B'); // first response 20 min; B stays open
    at(yesterday, '09:00');
    await create('C', 'web_form');
    at(yesterday, '09:10');
    await reply('C'); // first response 10 min
    at(yesterday, '09:30');
    await reply('C');
    at(yesterday, '09:40');
    await act('C', 'resolve'); // resolved in 40 min after 2 replies
    at(yesterday, '15:00');
    await act('A', 'reopen');
    clock.at = null;

    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'lv-LV', timezoneId: ZONE, viewport: { width: 1440, height: 1800 }, acceptDownloads: true })).newPage();
    page.setDefaultTimeout(10_000);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** What the console shows for a figure, formatted by the page's own Intl as the screen does. */
  async function shown(figures: Figures, metrics: readonly (StatisticsMetric | AgentOnlyMetric)[] = TABLE_METRICS): Promise<string[]> {
    return page.evaluate(
      ({ figures, kinds }) =>
        figures.map((value, i) => {
          if (value === null) return '—';
          if (kinds[i] === 'count') return new Intl.NumberFormat('lv').format(value);
          if (value === 0) return new Intl.NumberFormat('lv', { style: 'unit', unit: 'second', unitDisplay: 'short' }).format(0);
          if (kinds[i] === 'number') return new Intl.NumberFormat('lv', { maximumFractionDigits: 1 }).format(value);
          const parts = { hours: Math.floor(value / 3600), minutes: Math.floor((value % 3600) / 60) };
          const duration = Object.fromEntries(Object.entries(parts).filter(([, n]) => n > 0));
          return new (Intl as unknown as { DurationFormat: new (l: string, o: object) => { format(d: object): string } }).DurationFormat('lv', { style: 'short' }).format(duration);
        }),
      { figures, kinds: metrics.map((m) => statisticsMetricKind(m)) },
    );
  }

  const tableRows = (table: 'overview' | 'agents') =>
    page.locator(`table[data-table="${table}"] tr`).evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())));

  /** The table's rows against the tickets' figures (the chats' columns hold none). */
  async function expectFigures(rows: string[][], expected: Figures[]): Promise<void> {
    expect(rows.map((row) => row.slice(1))).toEqual(await Promise.all(expected.map((figures) => shown([...figures, ...NO_CHATS, ...NO_RATINGS]))));
  }

  it('shows the exact figures, follows the period, and downloads the same numbers as CSV', async () => {
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel(lv('signIn.email')).fill(ADMIN.email);
    await page.getByLabel(lv('signIn.password'), { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: lv('signIn.submit'), exact: true }).click();
    await page.waitForURL(/\/tickets/);
    await page.getByRole('link', { name: lv('statistics.nav'), exact: true }).click();
    await page.waitForURL(/\/statistics$/);
    await page.getByRole('heading', { level: 1, name: lv('statistics.title') }).waitFor();
    expect(await page.locator('.stats__period').textContent()).toContain(lv('statistics.timeZone', { zone: ZONE }));

    // The last 7 days by day: four quiet days, the two of the history, and today.
    const chart = page.getByRole('img', { name: new RegExp(`^${lv('statistics.chart.label', { details: '' }).trim()}`) });
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toContain(`${lv('statistics.metrics.created')}: 3`);
    const lastWeek = await tableRows('overview');
    expect(lastWeek[0]![0]).toBe(lv('statistics.units.day'));
    expect(lastWeek.slice(1, 8).map((row) => row[0])).toEqual(await page.evaluate((days) => days.map((day) => new Intl.DateTimeFormat('lv', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC', ...(days[0]!.slice(0, 4) !== days[6]!.slice(0, 4) ? { year: 'numeric' } : {}) }).format(new Date(`${day}T00:00:00Z`))), [-6, -5, -4, -3, -2, -1, 0].map((n) => addDays(today, n))));
    await expectFigures(lastWeek.slice(1), [
      NONE,
      NONE,
      NONE,
      NONE,
      [2, 0, 1, 0, 1, 0, 1, 0, 1, 2, 5 * MINUTE, 20 * MINUTE, 60 * MINUTE, 60 * MINUTE, 1, 1],
      [1, 0, 0, 1, 0, 0, 1, 1, 2, 2, 10 * MINUTE, 10 * MINUTE, 40 * MINUTE, 40 * MINUTE, 2, 2],
      withBacklog(2),
      [3, 0, 1, 1, 1, 0, 2, 1, 2, 4, 10 * MINUTE, 20 * MINUTE, 40 * MINUTE, 60 * MINUTE, 1, 2],
      NONE,
    ]);
    expect(lastWeek.at(-2)![0]).toBe(lv('statistics.table.total'));
    expect(lastWeek.at(-1)![0]).toBe(lv('statistics.table.previous'));
    expect((await tableRows('agents')).slice(1)).toEqual([
      ['Pēteris Bērziņš', ...(await shown([2, 4, 0, 10 * MINUTE, 40 * MINUTE, null, 0, 0, 0], ['resolved', 'replies', 'chats_accepted', 'first_response.median', 'resolution.median', 'satisfaction', 'ratings', 'online_time', 'away_time']))],
    ]);
    // No service level is set up: the summary says so instead of showing zeros.
    expect(await page.locator('[data-empty="service-levels"]').textContent()).toBe(lv('statistics.summary.noServiceLevels'));
    expect(await page.locator('.stats-summary__card[data-metric="chats_started"] .stats-summary__total').textContent()).toBe('0');
    expect(await page.locator('.stats-summary__card[data-metric="created"] .stats-summary__change').textContent()).toContain(lv('statistics.summary.upFromNone'));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-statistics-lv') });

    // Today by the hour: nothing happened, two tickets stay open.
    await page.getByLabel(lv('statistics.filters.period')).selectOption('today');
    await page.waitForURL(/period=today/);
    const hours = (rigaTime(addDays(today, 1), '00:00').getTime() - rigaTime(today, '00:00').getTime()) / 3_600_000;
    await expect.poll(async () => (await tableRows('overview')).length).toBe(1 + hours + 2);
    expect(await page.getByLabel(lv('statistics.filters.unit')).inputValue()).toBe('hour');
    await expectFigures((await tableRows('overview')).slice(-2), [withBacklog(2), [1, 0, 0, 1, 0, 0, 1, 1, 2, 2, 10 * MINUTE, 10 * MINUTE, 40 * MINUTE, 40 * MINUTE, 2, 2]]);

    // One chosen day, two days ago: the dates are typed, the last one shown is included.
    await page.getByLabel(lv('statistics.filters.period')).selectOption('custom');
    await page.getByLabel(lv('statistics.filters.from')).fill(twoDaysAgo);
    await page.getByLabel(lv('statistics.filters.to')).fill(twoDaysAgo);
    await page.waitForURL((url) => url.searchParams.get('to') === twoDaysAgo && url.searchParams.get('from') === twoDaysAgo);
    await expect.poll(async () => (await tableRows('overview')).length).toBe(4);
    const oneDay = await tableRows('overview');
    const dayFigures: Figures = [2, 0, 1, 0, 1, 0, 1, 0, 1, 2, 5 * MINUTE, 20 * MINUTE, 60 * MINUTE, 60 * MINUTE, 1, 1];
    await expectFigures(oneDay.slice(1), [dayFigures, dayFigures, NONE]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-statistics-custom-lv') });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: lv('statistics.download.overview'), exact: true }).click()]);
    expect(download.suggestedFilename()).toBe(`parley-statistics-overview-${twoDaysAgo}-${yesterday}.csv`);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const csv = parseCsv(text.slice(1));
    const headings = statisticsCsvHeadings('lv');
    expect(csv[0]).toEqual([headings.unit, ...STATISTICS_METRICS.map((metric) => headings.metrics[metric])]);
    expect(csv[0]!.slice(0, 2)).toEqual(['Periods', 'Izveidotie pieteikumi']);
    expect(csv.map((row) => row[0])).toEqual([headings.unit, twoDaysAgo, headings.total, `${headings.previous} ${addDays(twoDaysAgo, -1)}…${twoDaysAgo}`]);
    // The file's numbers (durations in seconds) are the table's, row by row.
    const numbers = csv.slice(1).map((row) => row.slice(1).map((cell): number | null => (cell === '' ? null : Number(cell))));
    expect(numbers).toEqual([dayFigures, dayFigures, NONE].map((figures) => [...withBusinessHours(figures), ...NO_CHATS, ...NO_SLA, ...NO_RATINGS]));
    const asTable = (row: Figures) => TABLE_METRICS.map((metric) => row[STATISTICS_METRICS.indexOf(metric)]!);
    for (const [i, row] of numbers.entries()) expect(await shown(asTable(row))).toEqual(oneDay[i + 1]!.slice(1));
  });
});
