import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentCall } from '../../src/modules/calls/call.entity.js';
import { seriousAccessibilityViolations } from '../helpers/axe.js';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser.js';
import { consoleMessages } from '../helpers/console-messages.js';
import { createTestApp, databases, type TestApp } from '../helpers/create-test-app.js';

const en = consoleMessages('en');
const ru = consoleMessages('ru');
const PASSWORD = 'agent password 123';
/** Chromium's fake microphone (a beeping tone) and no permission prompt; sound may play before a click. */
const FAKE_MEDIA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'];

type Account = { id: number; email: string; http: TestApp['admin'] };

/** What the test reads of a page's peer connections (the server's TypeScript has no DOM types). */
interface RtpStats {
  type: string;
  kind?: string;
  bytesReceived?: number;
  packetsReceived?: number;
  bytesSent?: number;
  packetsSent?: number;
}
interface PeerConnectionLike {
  connectionState: string;
  signalingState: string;
  iceConnectionState: string;
  getStats(): Promise<{ forEach(each: (stats: RtpStats) => void): void }>;
}
interface PageGlobals {
  RTCPeerConnection: new (...args: unknown[]) => PeerConnectionLike;
  __peers: PeerConnectionLike[];
}

/**
 * The test (not the console) keeps every RTCPeerConnection a page makes, to read its getStats(): the only
 * honest witness that audio flows. Installed before the console's scripts run.
 */
function recordPeerConnections(): void {
  const page = globalThis as unknown as PageGlobals;
  const Original = page.RTCPeerConnection;
  const made: PeerConnectionLike[] = [];
  page.__peers = made;
  page.RTCPeerConnection = class extends Original {
    constructor(...args: unknown[]) {
      super(...args);
      made.push(this);
    }
  };
}

interface AudioTotals {
  links: number;
  bytesReceived: number;
  packetsReceived: number;
  bytesSent: number;
  packetsSent: number;
}

/** Audio RTP counters summed over the page's open peer connections, each link's as well. */
async function audioStats(page: Page): Promise<{ total: AudioTotals; perLink: AudioTotals[] }> {
  const perLink = await page.evaluate(async () => {
    const peers = (globalThis as unknown as PageGlobals).__peers.filter((pc) => pc.connectionState !== 'closed');
    return Promise.all(
      peers.map(async (pc) => {
        const totals = { links: 1, bytesReceived: 0, packetsReceived: 0, bytesSent: 0, packetsSent: 0 };
        (await pc.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') {
            totals.bytesReceived += s.bytesReceived ?? 0;
            totals.packetsReceived += s.packetsReceived ?? 0;
          }
          if (s.type === 'outbound-rtp' && s.kind === 'audio') {
            totals.bytesSent += s.bytesSent ?? 0;
            totals.packetsSent += s.packetsSent ?? 0;
          }
        });
        return totals;
      }),
    );
  });
  const total = perLink.reduce((a, b) => ({ links: a.links + b.links, bytesReceived: a.bytesReceived + b.bytesReceived, packetsReceived: a.packetsReceived + b.packetsReceived, bytesSent: a.bytesSent + b.bytesSent, packetsSent: a.packetsSent + b.packetsSent }), { links: 0, bytesReceived: 0, packetsReceived: 0, bytesSent: 0, packetsSent: 0 });
  return { total, perLink };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Intl.DurationFormat (in Node as in Chromium) is newer than the server's TypeScript lib. */
type DurationFormatConstructor = new (locale: string, options: { style: 'short' }) => { format(duration: Record<string, number>): string };

/** A call's duration as the console words it: its two largest parts (here minutes and seconds) through Intl. */
function spokenDuration(seconds: number, locale: string): string {
  const DurationFormat = (Intl as unknown as { DurationFormat: DurationFormatConstructor }).DurationFormat;
  const minutes = Math.floor(seconds / 60);
  const parts = minutes > 0 ? { minutes, ...(seconds % 60 > 0 ? { seconds: seconds % 60 } : {}) } : { seconds };
  return new DurationFormat(locale, { style: 'short' }).format(parts);
}

/** Audio arrives on every link of the page and keeps arriving: each link's inbound bytes and packets grow. */
async function expectAudioFlowing(page: Page, links: number): Promise<void> {
  await expect
    .poll(async () => (await audioStats(page)).perLink.filter((l) => l.packetsReceived > 0).length, { timeout: 15_000 })
    .toBe(links)
    .catch(async (error) => {
      const states = await page.evaluate(() => (globalThis as unknown as PageGlobals).__peers.map((pc) => `${pc.connectionState}/${pc.signalingState}/${pc.iceConnectionState}`));
      console.log('audio not flowing on', page.url(), 'peer connections (connection/signalling/ICE):', states, 'call dock:', await page.locator('.call-dock').textContent());
      throw error;
    });
  const before = (await audioStats(page)).perLink;
  await sleep(1_500);
  const after = (await audioStats(page)).perLink;
  expect(after).toHaveLength(links);
  after.forEach((link, i) => {
    expect(link.bytesReceived).toBeGreaterThan(before[i]!.bytesReceived);
    expect(link.packetsReceived).toBeGreaterThan(before[i]!.packetsReceived);
  });
}

/** How many peer connections the page has made so far (closed ones too): a new link shows as one more. */
const peersMade = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).__peers.length);

async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel(en('signIn.email')).fill(email);
  await page.getByLabel(en('signIn.password'), { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: en('signIn.submit'), exact: true }).click();
  await page.waitForURL(/\/tickets/);
}

const incoming = (page: Page) => page.getByRole('alertdialog', { name: en('calls.incomingTitle') });
const callPanel = (page: Page, title: string) => page.getByRole('region', { name: title });

for (const db of databases) {
  /** Agents call each other from the console, each in a browser of their own with a fake microphone. */
  describe.skipIf(!hasChromium)(`console: voice calls between agents [chromium] [${db}]`, () => {
    let t: TestApp;
    const browsers: Browser[] = [];
    let alice: Account;
    let bob: Account;
    let carol: Account;
    let pages: Page[] = [];
    let support: number;

    async function open(browserIndex: number, account: Account): Promise<Page> {
      const context = await browsers[browserIndex]!.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
      await context.addInitScript(recordPeerConnections);
      const page = await context.newPage();
      await signIn(page, t.baseUrl, account.email);
      return page;
    }

    beforeAll(async () => {
      // The scheduler runs, as on a desk: its call sweep ends ringing nobody answers.
      t = await createTestApp({ db, env: { JOB_INTERVAL_MS: '2000' } });
      for (let i = 0; i < 3; i++) browsers.push(await launchChromium(FAKE_MEDIA));
      support = await t.department('Support');
      alice = await t.agent({ name: 'Alice Lane', departmentIds: [support] });
      bob = await t.agent({ name: 'Bob Stone', departmentIds: [support] });
      carol = await t.agent({ name: 'Carol Reed', departmentIds: [support] });
      pages = [await open(0, alice), await open(1, bob), await open(2, carol)];
    });
    afterAll(async () => {
      for (const browser of browsers) await browser.close();
      await t?.close();
    });

    it('calls a colleague from the direct conversation: rings in both of their tabs, audio both ways, mute, hang up', async () => {
      const [alicePage, bobPage] = pages as [Page, Page];
      // Bob has a second console tab open: both ring, answering in one stops the other.
      await bobPage.goto(`${t.baseUrl}/team`);
      const bobOtherTab = await bobPage.context().newPage();
      await bobOtherTab.goto(`${t.baseUrl}/tickets`);
      const direct = (await alice.http.post('/api/v1/team/direct', { agentId: bob.id })).body.id as number;
      await alicePage.goto(`${t.baseUrl}/team/${direct}`);
      await alicePage.locator('.team-pane__header').getByRole('button', { name: en('calls.callAgent', { name: 'Bob Stone' }) }).click();
      await callPanel(alicePage, en('calls.directTitle', { name: 'Bob Stone' })).waitFor();

      await expect.poll(() => incoming(bobPage).textContent()).toContain(en('calls.incomingFrom', { name: 'Alice Lane' }));
      await expect.poll(() => incoming(bobOtherTab).count()).toBe(1);
      await incoming(bobPage).getByRole('button', { name: en('calls.accept') }).click();
      await expect.poll(() => incoming(bobOtherTab).count()).toBe(0);
      const bobPanel = callPanel(bobPage, en('calls.directTitle', { name: 'Alice Lane' }));
      await bobPanel.waitFor();
      await bobOtherTab.close();

      // Audio flows both ways, each side shows the other connected.
      await expectAudioFlowing(alicePage, 1);
      await expectAudioFlowing(bobPage, 1);
      await expect.poll(() => bobPanel.getByRole('listitem').filter({ hasText: 'Alice Lane' }).textContent()).toContain(en('calls.state.connected'));
      // The fake microphone beeps: Alice is shown speaking on Bob's side at some moment (audio level from WebAudio).
      await expect.poll(() => bobPanel.locator('[data-speaking]').filter({ hasText: 'Alice Lane' }).count(), { timeout: 10_000, interval: 50 }).toBe(1);

      // Muted: Alice's microphone track is taken off the link, so she sends no audio packets at all and Bob's
      // inbound packets stop growing (a merely disabled track would go on sending packets of silence).
      const mute = alicePage.getByRole('button', { name: en('calls.mute') });
      await mute.click();
      await expect.poll(() => mute.getAttribute('aria-pressed')).toBe('true');
      await sleep(500);
      const aliceMuted = (await audioStats(alicePage)).total;
      const bobHearing = (await audioStats(bobPage)).total;
      await sleep(1_500);
      expect((await audioStats(alicePage)).total.packetsSent).toBe(aliceMuted.packetsSent);
      expect((await audioStats(bobPage)).total.packetsReceived).toBe(bobHearing.packetsReceived);
      // Bob still speaks to her.
      expect((await audioStats(alicePage)).total.packetsReceived).toBeGreaterThan(aliceMuted.packetsReceived);
      await mute.click();
      await expect.poll(() => mute.getAttribute('aria-pressed')).toBe('false');
      await expectAudioFlowing(bobPage, 1);

      await bobPage.screenshot({ path: screenshotPath('console-call-en') });
      const violations = await seriousAccessibilityViolations(bobPage);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

      // In Russian the call goes on, in Russian words (and durations through Intl).
      await bobPage.getByRole('combobox', { name: en('language.label') }).selectOption('ru');
      const bobPanelRu = callPanel(bobPage, ru('calls.directTitle', { name: 'Alice Lane' }));
      await expect.poll(() => bobPanelRu.getByRole('listitem').filter({ hasText: 'Alice Lane' }).textContent()).toContain(ru('calls.state.connected'));
      await expect.poll(() => bobPanelRu.textContent()).toMatch(/\d+ с/);
      await bobPage.screenshot({ path: screenshotPath('console-call-ru') });
      const violationsRu = await seriousAccessibilityViolations(bobPage);
      expect(violationsRu, JSON.stringify(violationsRu, null, 2)).toEqual([]);
      await bobPage.getByRole('combobox', { name: ru('language.label') }).selectOption('en');

      // Bob's console is loaded anew in the middle of the call: Alice sees him disconnected; he returns to the
      // call from their conversation, and Alice makes a new link to his new page.
      const aliceMade = await peersMade(alicePage);
      await bobPage.goto(`${t.baseUrl}/team/${direct}`);
      const bobOnAlice = callPanel(alicePage, en('calls.directTitle', { name: 'Bob Stone' })).getByRole('listitem').filter({ hasText: 'Bob Stone' });
      await expect.poll(() => bobOnAlice.textContent()).toContain(en('calls.state.disconnected'));
      const rejoin = bobPage.locator('.team-pane__header').getByRole('button', { name: en('calls.rejoinCallWith', { name: 'Alice Lane' }) });
      await expect.poll(() => rejoin.textContent()).toContain(en('calls.joinCall'));
      await rejoin.click();
      await bobPanel.waitFor();
      await expect.poll(() => peersMade(alicePage)).toBe(aliceMade + 1);
      await expectAudioFlowing(alicePage, 1);
      await expectAudioFlowing(bobPage, 1);

      // Bob hangs up: the call is over on both sides, and their connections are closed.
      await bobPanel.getByRole('button', { name: en('calls.hangUp') }).click();
      await expect.poll(() => bobPanel.count()).toBe(0);
      await expect.poll(() => callPanel(alicePage, en('calls.directTitle', { name: 'Bob Stone' })).count()).toBe(0);
      await expect.poll(() => alicePage.getByRole('status').filter({ hasText: en('calls.notice.ended') }).count()).toBe(1);
      await expect.poll(async () => (await audioStats(alicePage)).total.links).toBe(0);
      await expect.poll(async () => (await audioStats(bobPage)).total.links).toBe(0);
      const calls = await t.app.context.orm.em.fork().find(AgentCall, {});
      expect(calls.map((c) => [c.status, c.state.endReason])).toEqual([['ended', 'completed']]);

      // Both see the call recorded in their conversation, in their words: how long it lasted, who started it.
      const state = calls[0]!.state;
      const duration = spokenDuration(Math.round((state.endedAt! - state.answeredAt!) / 1000), 'en');
      await bobPage.goto(`${t.baseUrl}/team/${direct}`);
      for (const page of [alicePage, bobPage]) {
        const record = page.getByRole('log').getByRole('group', { name: en('callRecords.label') });
        await expect.poll(() => record.textContent()).toContain(en('callRecords.outcome.direct.completed', { duration }));
        expect(await record.textContent()).toContain(en('callRecords.startedBy', { name: 'Alice Lane' }));
      }
    }, 90_000);

    it('a declined call tells the caller; a consultation from a ticket rings with the ticket and stops when cancelled', async () => {
      const [alicePage, bobPage] = pages as [Page, Page];
      const direct = (await alice.http.post('/api/v1/team/direct', { agentId: bob.id })).body.id as number;
      await alicePage.goto(`${t.baseUrl}/team/${direct}`);
      await alicePage.locator('.team-pane__header').getByRole('button', { name: en('calls.callAgent', { name: 'Bob Stone' }) }).click();
      await incoming(bobPage).getByRole('button', { name: en('calls.decline') }).click();
      await expect.poll(() => alicePage.getByRole('status').filter({ hasText: en('calls.notice.declined', { name: 'Bob Stone' }) }).count()).toBe(1);
      await expect.poll(() => incoming(bobPage).count()).toBe(0);

      const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'Printer on fire', message: 'Help', contact: { email: 'calls@example.com' }, departmentId: support })).body.ticket;
      await alicePage.goto(`${t.baseUrl}/tickets/${ticket.id}`);
      await alicePage.getByRole('combobox', { name: en('calls.consultColleague') }).selectOption({ label: 'Bob Stone' });
      await alicePage.getByRole('button', { name: en('calls.consultCall') }).click();
      await expect.poll(() => incoming(bobPage).getByRole('link').getAttribute('href')).toBe(`/tickets/${ticket.id}`);
      const alicePanel = callPanel(alicePage, en('calls.directTitle', { name: 'Bob Stone' }));
      await expect.poll(() => alicePanel.textContent()).toContain(en('calls.ringingOut'));
      await alicePanel.getByRole('button', { name: en('calls.hangUp') }).click();
      await expect.poll(() => incoming(bobPage).count()).toBe(0);
      await expect.poll(() => alicePanel.count()).toBe(0);
    }, 60_000);

    it('a call nobody answers is missed after 30 s: both are told, and the conversation records it', async () => {
      const [alicePage, bobPage] = pages as [Page, Page];
      const direct = (await alice.http.post('/api/v1/team/direct', { agentId: bob.id })).body.id as number;
      await alicePage.goto(`${t.baseUrl}/team/${direct}`);
      await bobPage.goto(`${t.baseUrl}/tickets`);
      const placed = Date.now();
      await alicePage.locator('.team-pane__header').getByRole('button', { name: en('calls.callAgent', { name: 'Bob Stone' }) }).click();
      await expect.poll(() => incoming(bobPage).count()).toBe(1);
      // Bob does not answer: the server's timer (swept every 2 s) ends the ringing on both sides.
      await expect.poll(() => alicePage.getByRole('status').filter({ hasText: en('calls.notice.missed', { name: 'Bob Stone' }) }).count(), { timeout: 40_000, interval: 500 }).toBe(1);
      expect(Date.now() - placed).toBeGreaterThanOrEqual(29_000);
      await expect.poll(() => incoming(bobPage).count()).toBe(0);
      await expect.poll(() => bobPage.getByRole('status').filter({ hasText: en('calls.notice.missedIncoming', { name: 'Alice Lane' }) }).count()).toBe(1);
      const missed = (await t.app.context.orm.em.fork().find(AgentCall, {}, { orderBy: { id: 'desc' }, limit: 1 }))[0]!;
      expect([missed.status, missed.state.endReason]).toEqual(['ended', 'missed']);
      await bobPage.goto(`${t.baseUrl}/team/${direct}`);
      for (const page of [alicePage, bobPage]) {
        const records = page.getByRole('log').getByRole('group', { name: en('callRecords.label') });
        await expect.poll(() => records.last().textContent()).toContain(en('callRecords.outcome.direct.missed'));
      }
    }, 60_000);

    it('a channel call with three agents: everyone hears everyone, one leaves and joins again', async () => {
      const [alicePage, bobPage, carolPage] = pages as [Page, Page, Page];
      const channel = (await alice.http.post('/api/v1/team/channels', { name: 'Huddle' })).body.id as number;
      for (const member of [bob, carol]) await member.http.post(`/api/v1/team/conversations/${channel}/join`);
      // Carol waits in the team chat (the axe check below is of the call, not of an empty ticket list).
      await carolPage.goto(`${t.baseUrl}/team`);
      await alicePage.goto(`${t.baseUrl}/team/${channel}`);
      await alicePage.locator('.team-pane__header').getByRole('button', { name: en('calls.callChannel', { name: 'Huddle' }) }).click();
      for (const page of [bobPage, carolPage]) {
        await expect.poll(() => incoming(page).textContent()).toContain(en('calls.incomingGroup', { name: 'Alice Lane', channel: 'Huddle' }));
        await incoming(page).getByRole('button', { name: en('calls.accept') }).click();
      }
      const panel = (page: Page) => callPanel(page, en('calls.groupTitle', { name: 'Huddle' }));
      for (const page of pages) await panel(page).waitFor();
      // A mesh: every browser has a link to each of the two others, audio arriving on both.
      for (const page of pages) await expectAudioFlowing(page, 2);
      await panel(alicePage).screenshot({ path: screenshotPath('console-group-call-en') });
      const violations = await seriousAccessibilityViolations(carolPage);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

      // Carol leaves; the two others go on, then she joins again from the channel.
      await panel(carolPage).getByRole('button', { name: en('calls.hangUp') }).click();
      await expect.poll(() => panel(carolPage).count()).toBe(0);
      await expect.poll(() => panel(alicePage).getByRole('listitem').count()).toBe(2);
      await expect.poll(async () => (await audioStats(alicePage)).total.links).toBe(1);
      await expectAudioFlowing(bobPage, 1);
      // Her console is loaded anew, after the call started: the channel shows the call going on, she joins it.
      await carolPage.goto(`${t.baseUrl}/team`);
      const huddle = carolPage.getByRole('link', { name: '# Huddle' });
      await expect.poll(() => huddle.textContent()).toContain(en('calls.callGoingOn'));
      await huddle.click();
      const joinButton = carolPage.locator('.team-pane__header').getByRole('button', { name: en('calls.joinCallIn', { name: 'Huddle' }) });
      await expect.poll(() => joinButton.textContent()).toContain(en('calls.joinCall'));
      await joinButton.click();
      await panel(carolPage).waitFor();
      for (const page of pages) await expectAudioFlowing(page, 2);

      // Her page is reloaded in the middle of the call: the others see her disconnected; she takes the call
      // back from the new page (within the grace), and the links are made anew.
      const madeBefore = [await peersMade(alicePage), await peersMade(bobPage)];
      await carolPage.reload();
      await expect.poll(() => panel(alicePage).getByRole('listitem').filter({ hasText: 'Carol Reed' }).textContent()).toContain(en('calls.state.disconnected'));
      await carolPage.locator('.team-pane__header').getByRole('button', { name: en('calls.joinCallIn', { name: 'Huddle' }) }).click();
      await panel(carolPage).waitFor();
      // Alice and Bob each replace their link to Carol's old page with one to the new page.
      await expect.poll(async () => [await peersMade(alicePage), await peersMade(bobPage)]).toEqual(madeBefore.map((made) => made + 1));
      for (const page of pages) await expectAudioFlowing(page, 2);

      // Carol's console goes away (tab closed): the others see her disconnected.
      await carolPage.close();
      const carolOnAlice = panel(alicePage).getByRole('listitem').filter({ hasText: 'Carol Reed' });
      await expect.poll(() => carolOnAlice.textContent()).toContain(en('calls.state.disconnected'));

      // The two others hang up: the call is over, and the channel no longer shows one going on.
      for (const page of [alicePage, bobPage]) await panel(page).getByRole('button', { name: en('calls.hangUp') }).click();
      for (const page of [alicePage, bobPage]) await expect.poll(async () => (await audioStats(page)).total.links).toBe(0);
      await expect.poll(() => alicePage.getByRole('link', { name: '# Huddle' }).textContent()).not.toContain(en('calls.callGoingOn'));
    }, 120_000);
  });
}
