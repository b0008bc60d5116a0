import type { TicketDetailDto, WebhookPayload } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../src/bench/sql-count.js';
import { ingestRawMail } from '../src/modules/email/ingest-mail.js';
import { queueSurveyLetters } from '../src/modules/satisfaction/survey-letters.js';
import { parseEmail } from '../src/modules/email/parse-email.js';
import { WebhookDelivery } from '../src/modules/webhooks/webhook.entity.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, connectVisitor, emitWithAck, issueVisitor, recordEvents } from './helpers/sockets.js';
import { freePort, type ReceivedMail, startSmtpReceiver } from './helpers/smtp-receiver.js';

let sequence = 0;
const letter = (from: string, subject: string, extra: string[] = []) =>
  Buffer.from(
    [...extra, `From: ${from}`, 'To: help@parley.example', `Subject: ${subject}`, `Message-ID: <csat-${process.pid}-${++sequence}@customer.example>`, 'Content-Type: text/plain; charset=utf-8', '', 'Please help.', ''].join('\r\n'),
  );
const clientId = (name: string) => `${name}-${process.pid}-${++sequence}-xxxxxxxx`;

/** The rating page's links in a survey letter: good first, then bad. */
async function surveyLinks(mail: ReceivedMail): Promise<{ good: string; bad: string; text: string; autoSubmitted: string | undefined }> {
  const parsed = await parseEmail(Buffer.from(mail.raw));
  const links = [...(parsed.text ?? '').matchAll(/https?:\/\/\S+\/rate\/\S+/g)].map((m) => m[0]);
  const autoSubmitted = /^Auto-Submitted:\s*(.+)$/im.exec(mail.raw)?.[1]?.trim();
  return { good: links.find((l) => l.includes('rating=good'))!, bad: links.find((l) => l.includes('rating=bad'))!, text: parsed.text ?? '', autoSubmitted };
}

const tokenOf = (link: string) => decodeURIComponent(new URL(link).pathname.split('/').pop()!);

describeEachDatabase('customer satisfaction', (db) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let support: number;
  const clock = new MutableClock(new Date('2027-05-03T09:00:00Z'));

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver(port);
    t = await createTestApp({ db, clock, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Parley <help@parley.test>' } });
    support = await t.department('Support');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  /** A link of a letter, on this test's server (the letter's links start with PUBLIC_URL). */
  const here = (link: string) => {
    const url = new URL(link);
    return `${t.baseUrl}${url.pathname}${url.search}`;
  };
  const surveysTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email) && /rate\//.test(m.raw));
  const detail = async (ticketId: number) => (await t.admin.get<TicketDetailDto>(`/api/v1/tickets/${ticketId}`)).body;
  const settle = async () => {
    await t.app.context.surveyLetters.idle();
    await t.app.context.outbox.deliverDue();
  };

  /** An email ticket from `from`, answered by an agent and resolved. */
  async function answeredAndResolved(from: string, subject: string, extra: string[] = []): Promise<number> {
    const outcome = await ingestRawMail(t.app.context, letter(from, subject, extra), { source: 'test', departmentId: support, ownAddresses: [] });
    if (outcome.result !== 'created') throw new Error(`expected a new ticket, got ${outcome.result}`);
    expect((await t.admin.post(`/api/v1/tickets/${outcome.ticketId}/replies`, { body: 'Done, it should work now.' })).status).toBe(201);
    expect((await t.admin.post(`/api/v1/tickets/${outcome.ticketId}/resolve`)).status).toBe(200);
    return outcome.ticketId;
  }

  it('asks an email customer once, by a machine-marked letter whose links open a page that records nothing until it is sent', async () => {
    const ticketId = await answeredAndResolved('Mara <mara@customer.example>', 'Cannot log in');
    await expect.poll(async () => {
      await settle();
      return surveysTo('mara@customer.example').length;
    }).toBe(1);
    const links = await surveyLinks(surveysTo('mara@customer.example')[0]!);
    expect(links.autoSubmitted).toBe('auto-generated');
    expect(links.text).toContain('Cannot log in');
    expect(tokenOf(links.good)).toBe(tokenOf(links.bad));
    expect((await detail(ticketId)).satisfaction).toMatchObject({ way: 'email', sentAt: expect.any(String), rating: null, ratedAt: null });

    // Opening the link (as a mail scanner would) shows the choice and keeps nothing.
    const page = await fetch(here(links.bad), { headers: { 'accept-language': 'lv' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('value="bad" checked');
    expect(html).not.toContain('value="good" checked');
    expect((await detail(ticketId)).satisfaction?.rating).toBeNull();

    // Reopened and resolved again: still one survey.
    await t.admin.post(`/api/v1/tickets/${ticketId}/reopen`);
    await t.admin.post(`/api/v1/tickets/${ticketId}/resolve`);
    await settle();
    expect(surveysTo('mara@customer.example')).toHaveLength(1);
  });

  it('takes one rating through the page: on the ticket (agents only), the link spent afterwards, in the page\'s language', async () => {
    const ticketId = await answeredAndResolved('Lauris <lauris@customer.example>', 'Rēķins');
    await expect.poll(async () => {
      await settle();
      return surveysTo('lauris@customer.example').length;
    }).toBe(1);
    const { good } = await surveyLinks(surveysTo('lauris@customer.example')[0]!);
    const url = new URL(here(good));
    const form = new URLSearchParams({ rating: 'good', comment: '  Ātri un laipni — paldies! 👍  ' });
    const sent = await fetch(`${url.origin}${url.pathname}?lang=lv`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(sent.status).toBe(201);
    expect(await sent.text()).toContain('Paldies par jūsu vērtējumu.');

    const after = await detail(ticketId);
    expect(after.satisfaction).toMatchObject({ rating: 'good', comment: 'Ātri un laipni — paldies! 👍', ratedAt: expect.any(String) });
    expect(after.thread.at(-1)).toMatchObject({ kind: 'system_event', systemEvent: { type: 'rated', rating: 'good', comment: 'Ātri un laipni — paldies! 👍' } });
    expect(after.ticket.status).toBe('resolved');

    const again = await fetch(`${url.origin}${url.pathname}`, { method: 'POST', body: new URLSearchParams({ rating: 'bad' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(again.status).toBe(409);
    const viaApi = await t.client().post('/api/v1/satisfaction/ratings', { token: tokenOf(good), rating: 'bad' });
    expect(viaApi.status).toBe(409);
    expect(viaApi.body.error.code).toBe('satisfaction/already_rated');
    expect((await fetch(here(good))).status).toBe(409);
    expect((await detail(ticketId)).satisfaction?.rating).toBe('good');
  });

  it('refuses forged, altered and expired links, and a page sent without a choice', async () => {
    const ticketId = await answeredAndResolved('Forge <forge@customer.example>', 'Forgery');
    await expect.poll(async () => {
      await settle();
      return surveysTo('forge@customer.example').length;
    }).toBe(1);
    const { good } = await surveyLinks(surveysTo('forge@customer.example')[0]!);
    const token = tokenOf(good);
    const [version, id, signature] = token.split('.') as [string, string, string];
    const otherId = (Number.parseInt(id, 36) + 1).toString(36);
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    for (const forged of [`${version}.${otherId}.${signature}`, `${version}.${id}.${flipped}`, `${version}.${id}`, 'x'.repeat(150), `${version}.0${id}.${signature}`]) {
      const res = await t.client().post('/api/v1/satisfaction/ratings', { token: forged, rating: 'good' });
      expect(res.status, forged).toBe(404);
      expect(res.body.error.code).toBe('satisfaction/link_invalid');
    }
    expect((await t.client().post('/api/v1/satisfaction/ratings', { token: 'x'.repeat(300), rating: 'good' })).status).toBe(400);
    expect((await fetch(`${t.baseUrl}/rate/${encodeURIComponent(`${version}.${otherId}.${signature}`)}`)).status).toBe(404);
    const bad = await t.client().post('/api/v1/satisfaction/ratings', { token, rating: 'splendid' });
    expect(bad.status).toBe(400);
    const tooLong = await t.client().post('/api/v1/satisfaction/ratings', { token, rating: 'good', comment: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    const url = new URL(here(good));
    const unchosen = await fetch(`${url.origin}${url.pathname}`, { method: 'POST', body: new URLSearchParams({ comment: 'hm' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(unchosen.status).toBe(400);
    expect((await detail(ticketId)).satisfaction?.rating).toBeNull();

    clock.advance(31 * 86_400_000);
    try {
      const late = await t.client().post('/api/v1/satisfaction/ratings', { token, rating: 'good' });
      expect(late.status).toBe(410);
      expect(late.body.error.code).toBe('satisfaction/expired');
    } finally {
      clock.advance(-31 * 86_400_000);
    }
    expect((await detail(ticketId)).satisfaction?.rating).toBeNull();
  });

  it('never asks about internal tickets, unanswered tickets, automated mail, or when the desk turned it off', async () => {
    const internal = await t.admin.post('/api/v1/internal-tickets', { subject: 'Office keys', message: 'Who has them?', departmentId: support });
    expect(internal.status).toBe(201);
    await t.admin.post(`/api/v1/tickets/${internal.body.ticket.id}/resolve`);

    const unanswered = await ingestRawMail(t.app.context, letter('Quiet <quiet@customer.example>', 'Never mind'), { source: 'test', departmentId: support, ownAddresses: [] });
    if (unanswered.result !== 'created') throw new Error('expected a ticket');
    await t.admin.post(`/api/v1/tickets/${unanswered.ticketId}/resolve`);

    const robot = await answeredAndResolved('Robot <robot@customer.example>', 'Out of office', ['Auto-Submitted: auto-replied']);

    expect((await t.admin.put('/api/v1/settings/satisfaction', { enabled: false })).body).toMatchObject({ enabled: false });
    const off = await answeredAndResolved('Off <off@customer.example>', 'Switched off');
    expect((await t.admin.put('/api/v1/settings/satisfaction', { enabled: true })).body).toMatchObject({ enabled: true });

    await settle();
    for (const id of [internal.body.ticket.id as number, unanswered.ticketId, robot, off]) expect((await detail(id)).satisfaction, String(id)).toBeNull();
    for (const address of ['quiet@customer.example', 'robot@customer.example', 'off@customer.example']) expect(surveysTo(address)).toHaveLength(0);
  });

  it('a bad rating reopens the ticket and tells its agent when the desk asks for it; webhooks hear of every rating', async () => {
    const agent = await t.agent({ name: 'Bea', departmentIds: [support] });
    const socket = await connectAgent(t.baseUrl, { http: agent.http });
    const events = recordEvents(socket);
    const hook = await t.admin.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/ratings', allowPrivateNetwork: true, events: ['rating.received'] });
    expect(hook.status).toBe(201);
    try {
      expect((await t.admin.put('/api/v1/settings/satisfaction', { reopenOnBad: true, notifyOnBad: true })).body).toEqual({ enabled: true, locale: 'en', reopenOnBad: true, notifyOnBad: true });
      const ticketId = await answeredAndResolved('Grumpy <grumpy@customer.example>', 'Still broken');
      await t.admin.post(`/api/v1/tickets/${ticketId}/transfer`, { agentId: agent.id });
      await expect.poll(async () => {
      await settle();
      return surveysTo('grumpy@customer.example').length;
    }).toBe(1);
      const { bad } = await surveyLinks(surveysTo('grumpy@customer.example')[0]!);
      const res = await t.client().post('/api/v1/satisfaction/ratings', { token: tokenOf(bad), rating: 'bad', comment: 'It is not fixed.' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ rating: 'bad', ratedAt: expect.any(String) });

      const notice = await events.waitFor('ticket:bad_rating', (p) => p.ticketId === ticketId);
      expect(notice).toEqual({ ticketId, subject: 'Still broken', comment: 'It is not fixed.' });
      const after = await detail(ticketId);
      expect(after.ticket.status).toBe('open');
      expect(after.thread.map((item) => item.systemEvent?.type ?? null).slice(-2)).toEqual(['rated', 'status_changed']);
      expect(after.thread.at(-1)?.systemEvent).toMatchObject({ type: 'status_changed', to: 'open', reason: 'bad_rating' });

      await expect
        .poll(async () => (await t.app.orm.em.fork().find(WebhookDelivery, { subscription: hook.body.id, event: 'rating.received' })).length)
        .toBe(1);
      const [delivery] = await t.app.orm.em.fork().find(WebhookDelivery, { subscription: hook.body.id, event: 'rating.received' });
      const payload = JSON.parse(delivery!.body) as WebhookPayload;
      expect(payload.data).toMatchObject({ ticket: { id: ticketId }, rating: { rating: 'bad', comment: 'It is not fixed.' } });
    } finally {
      socket.close();
      await t.admin.put('/api/v1/settings/satisfaction', { reopenOnBad: false, notifyOnBad: true });
      await t.admin.delete(`/api/v1/webhooks/${hook.body.id}`);
    }
  });

  it('asks a chat visitor in the widget after they end an answered chat; the visitor never sees the rating on the thread', async () => {
    const member = await t.agent({ name: 'Cai', departmentIds: [support] });
    const agentSocket = await connectAgent(t.baseUrl, { http: member.http });
    const visitor = await issueVisitor(t.baseUrl);
    const socket = await connectVisitor(t.baseUrl, visitor.token);
    try {
      const start = await emitWithAck(socket, 'chat:start', { clientId: clientId('start'), message: 'Hi there', departmentId: support });
      expect(start.ok).toBe(true);
      const ticketId = Number(start.data.chat.number.replace('#', ''));
      expect((await emitWithAck(agentSocket, 'ticket:reply', { ticketId, body: 'Hello! Fixed.', clientId: clientId('reply') })).ok).toBe(true);
      const ended = await emitWithAck(socket, 'chat:end', { locale: 'ru' });
      expect(ended).toMatchObject({ ok: true, data: { survey: { token: expect.any(String) } } });
      const rated = await t.client().post('/api/v1/satisfaction/ratings', { token: ended.data.survey.token, rating: 'good' });
      expect(rated.status).toBe(201);
      expect((await detail(ticketId)).satisfaction).toMatchObject({ way: 'widget', sentAt: null, rating: 'good' });
      const page = await (await fetch(`${t.baseUrl}/rate/${encodeURIComponent(ended.data.survey.token)}`)).text();
      expect(page).toContain('Это обращение уже оценено.');

      // A chat nobody answered is not rated.
      const again = await emitWithAck(socket, 'chat:start', { clientId: clientId('start2'), message: 'Anyone?', departmentId: support });
      expect(again.ok).toBe(true);
      expect(await emitWithAck(socket, 'chat:end', {})).toMatchObject({ ok: true, data: { survey: null } });
    } finally {
      socket.close();
      agentSocket.close();
    }
  });

  it('offers the rating to a chat\'s visitor when an agent resolves it, in the chat\'s state, until they rate it', async () => {
    const member = await t.agent({ name: 'Dana', departmentIds: [support] });
    const agentSocket = await connectAgent(t.baseUrl, { http: member.http });
    const visitor = await issueVisitor(t.baseUrl);
    const socket = await connectVisitor(t.baseUrl, visitor.token);
    const heard = recordEvents(socket);
    try {
      const start = await emitWithAck(socket, 'chat:start', { clientId: clientId('start'), message: 'Help', departmentId: support });
      const ticketId = Number(start.data.chat.number.replace('#', ''));
      expect((await emitWithAck(agentSocket, 'ticket:reply', { ticketId, body: 'Done.', clientId: clientId('reply') })).ok).toBe(true);
      expect((await member.http.post(`/api/v1/tickets/${ticketId}/resolve`)).status).toBe(200);
      const ended = await heard.waitFor('chat:state', (state) => state.phase === 'ended' && Boolean(state.survey));
      expect((await detail(ticketId)).satisfaction).toMatchObject({ way: 'widget', rating: null });
      // The visitor ending the chat afterwards is asked about the same survey, not a second one.
      const end = await emitWithAck(socket, 'chat:end', {});
      expect(end.data.survey.token).toBe(ended.survey!.token);
      expect((await t.client().post('/api/v1/satisfaction/ratings', { token: ended.survey!.token, rating: 'good' })).status).toBe(201);
      expect((await t.app.context.chatRouter.visitorState(t.app.orm.em.fork() as never, ticketId))?.survey).toBeNull();
    } finally {
      socket.close();
      agentSocket.close();
    }
  });

  it('lists the comments of the period newest first, page by page, for those who may read the figures', async () => {
    const period = 'from=2027-05-03&until=2027-05-04&timeZone=Europe/Riga';
    const all = await t.admin.get(`/api/v1/statistics/ratings?${period}`);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    const comments = all.body.items as { comment: string; rating: string; ratedAt: string; agentName: string | null }[];
    expect(comments.map((c) => c.comment)).toEqual(['It is not fixed.', 'Ātri un laipni — paldies! 👍']);
    expect(comments[0]).toMatchObject({ rating: 'bad', agentName: 'Bea', subject: 'Still broken' });
    expect((await t.admin.get(`/api/v1/statistics/ratings?${period}&rating=good`)).body.items.map((c: { comment: string }) => c.comment)).toEqual(['Ātri un laipni — paldies! 👍']);
    const first = await t.admin.get(`/api/v1/statistics/ratings?${period}&limit=1`);
    expect(first.body.items).toHaveLength(1);
    const second = await t.admin.get(`/api/v1/statistics/ratings?${period}&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body).toMatchObject({ items: [{ comment: 'Ātri un laipni — paldies! 👍' }], nextCursor: null });
    expect((await t.admin.get(`/api/v1/statistics/ratings?${period}&cursor=bogus`)).body.error.code).toBe('request/invalid_cursor');
    expect((await t.admin.get('/api/v1/statistics/ratings?from=2027-05-04&until=2027-05-03&timeZone=Europe/Riga')).body.error.code).toBe('statistics/period_invalid');
    expect((await t.admin.get(`/api/v1/statistics/ratings?${period}&timeZone=Europe/Riga`)).status).toBe(400);
    // An agent sees their own ratings' comments, and no one else's.
    const bea = (await t.admin.get('/api/v1/agents')).body.items.find((a: { name: string }) => a.name === 'Bea');
    const other = await t.agent({ name: 'Olaf', departmentIds: [support] });
    expect((await other.http.get(`/api/v1/statistics/ratings?${period}&agentId=${bea.id}`)).status).toBe(403);
    expect((await other.http.get(`/api/v1/statistics/ratings?${period}&agentId=${other.id}`)).body.items).toEqual([]);
    // And the figures count them.
    const report = (await t.admin.get(`/api/v1/statistics?${period}&unit=day`)).body as { series: { metric: string; total: number | null }[] };
    const total = (metric: string) => report.series.find((s) => s.metric === metric)!.total;
    expect(total('rating_comments')).toBe(2);
    expect(total('ratings')).toBe(total('ratings_good')! + total('ratings_bad')!);
  });

  it('keeps its settings for administrators only, and refuses what it does not know', async () => {
    const agent = await t.agent({ name: 'Ned', departmentIds: [support] });
    expect((await agent.http.get('/api/v1/settings/satisfaction')).status).toBe(403);
    expect((await agent.http.put('/api/v1/settings/satisfaction', { enabled: false })).status).toBe(403);
    expect((await t.admin.put('/api/v1/settings/satisfaction', { locale: 'de' })).status).toBe(400);
    expect((await t.admin.put('/api/v1/settings/satisfaction', { everything: true })).status).toBe(400);
    expect((await t.admin.put('/api/v1/settings/satisfaction', { locale: 'el' })).body).toMatchObject({ locale: 'el', enabled: true });
    expect((await t.admin.get('/api/v1/settings/satisfaction')).body).toMatchObject({ locale: 'el' });
    await t.admin.put('/api/v1/settings/satisfaction', { locale: 'en' });
  });
});

describe('survey letters while no mail server can send', () => {
  it('wait, shown on the ticket as not sent, a sweep costing one query; all go once any mailbox sends', async () => {
    // No scheduled jobs: the sweeps are run here, and counted.
    const t = await createTestApp({ env: { JOB_INTERVAL_MS: '0' } });
    const port = await freePort();
    const smtp = await startSmtpReceiver(port);
    const counter = await countStatements(t.app.orm);
    try {
      const support = await t.department('Support');
      const ticketIds: number[] = [];
      for (const who of ['nia', 'ola']) {
        const outcome = await ingestRawMail(t.app.context, letter(`${who} <${who}@customer.example>`, 'No server'), { source: 'test', departmentId: support, ownAddresses: [] });
        if (outcome.result !== 'created') throw new Error('expected a ticket');
        await t.admin.post(`/api/v1/tickets/${outcome.ticketId}/replies`, { body: 'Sorted.' });
        await t.admin.post(`/api/v1/tickets/${outcome.ticketId}/resolve`);
        ticketIds.push(outcome.ticketId);
      }
      await t.app.context.surveyLetters.idle();
      for (const ticketId of ticketIds) {
        const shown = (await t.admin.get<TicketDetailDto>(`/api/v1/tickets/${ticketId}`)).body.satisfaction;
        expect(shown).toMatchObject({ way: 'email', sentAt: null, rating: null });
      }

      counter.reset();
      expect(await queueSurveyLetters(t.app.context)).toBe(0);
      expect(counter.statements, counter.statements.join('\n')).toHaveLength(1);

      // A mailbox of another department sends Parley's own letters for every department.
      const billing = await t.department('Billing');
      await t.admin.post('/api/v1/mailboxes', { name: 'Billing', address: 'billing@shop.example', departmentId: billing, smtp: { host: '127.0.0.1', port, secure: false, user: null } });
      expect(await queueSurveyLetters(t.app.context)).toBe(2);
      await t.app.context.outbox.deliverDue();
      await expect.poll(() => smtp.mails.filter((mail) => /rate\//.test(mail.raw)).map((mail) => mail.to[0]).sort(), { timeout: 10_000 }).toEqual(['nia@customer.example', 'ola@customer.example']);
    } finally {
      counter.stop();
      await t.close();
      await smtp.close();
    }
  });
});
