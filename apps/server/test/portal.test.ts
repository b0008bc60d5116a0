import { createHmac } from 'node:crypto';
import type { TicketDetailDto } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRawMail } from '../src/modules/email/ingest-mail.js';
import { parseEmail } from '../src/modules/email/parse-email.js';
import { PortalSession, PortalSignIn } from '../src/modules/portal/portal.entity.js';
import { purgePortalRows } from '../src/modules/portal/portal-purge.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, recordEvents } from './helpers/sockets.js';
import { freePort, type ReceivedMail, startSmtpReceiver } from './helpers/smtp-receiver.js';

/**
 * The customer portal over real HTTP, as a browser without JavaScript uses it: cookies kept by hand,
 * redirects not followed, forms posted as the pages write them. Every body any customer receives is checked
 * for what must never reach them: internal notes, internal tickets, system events' details, other customers'.
 */
let sequence = 0;
const FILE_LIMIT = 64 * 1024;

interface Answer {
  readonly status: number;
  readonly html: string;
  readonly location: string | null;
  readonly headers: Headers;
}

/** A browser without JavaScript: its cookies, its language, and what it must never be shown. */
class Browser {
  readonly cookies = new Map<string, string>();
  readonly setCookieLines: string[] = [];
  /** The CSRF token of the last page that had a form. */
  csrf = '';

  constructor(
    private readonly baseUrl: string,
    private readonly forbidden: readonly string[],
    private readonly language = 'en',
    private readonly forwardedFor: string | null = null,
  ) {}

  async request(path: string, init: { method?: string; form?: Record<string, string> | FormData; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { 'accept-language': this.language, ...(init.headers ?? {}) };
    if (this.forwardedFor) headers['x-forwarded-for'] = this.forwardedFor;
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: FormData | URLSearchParams | undefined;
    if (init.form instanceof FormData) body = init.form;
    else if (init.form) body = new URLSearchParams(init.form);
    const res = await fetch(`${this.baseUrl}${path}`, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, ...(body ? { body } : {}), redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      this.setCookieLines.push(line);
      const [pair = ''] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const html = (res.headers.get('content-type') ?? '').startsWith('text/html') ? await res.text() : '';
    if (!html) await res.body?.cancel();
    // The one assertion every response gets.
    for (const text of this.forbidden) expect(html, `${path} showed "${text}"`).not.toContain(text);
    expect(html).not.toMatch(/<script/i);
    if (html) expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, html, location: res.headers.get('location'), headers: res.headers };
  }

  post(path: string, form: Record<string, string> | FormData): Promise<Answer> {
    if (!(form instanceof FormData) && form.csrf === undefined) form = { csrf: this.csrf, ...form };
    return this.request(path, { method: 'POST', form });
  }
}

describeEachDatabase('customer portal', (db) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  const clock = new MutableClock(new Date('2027-06-01T09:00:00Z'));
  const ids = { support: 0, escalations: 0, mara: 0, maraContact: 0, lauris: 0, laurisContact: 0, internal: 0, noteFile: '', replyFile: '', laurisFile: '' };

  /** What Mara must never be shown (and, with her names swapped, Lauris). */
  const NOT_FOR_MARA = ['SECRET-NOTE', 'SECRET-INTERNAL', 'LAURIS-', 'VIP-ESCALATIONS', 'secret-plan'];
  const NOT_FOR_LAURIS = ['SECRET-NOTE', 'SECRET-INTERNAL', 'MARA-', 'VIP-ESCALATIONS', 'secret-plan'];

  const letter = (from: string, subject: string, body: string) =>
    Buffer.from([`From: ${from}`, 'To: help@parley.example', `Subject: ${subject}`, `Message-ID: <portal-${process.pid}-${++sequence}@customer.example>`, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n'));
  const detail = async (ticketId: number) => (await t.admin.get<TicketDetailDto>(`/api/v1/tickets/${ticketId}`)).body;
  const mailsTo = (email: string, kind: RegExp) => smtp.mails.filter((m) => m.to.includes(email) && kind.test(m.raw));
  const here = (link: string) => {
    const url = new URL(link);
    return `${url.pathname}${url.search}`;
  };
  const upload = async (name: string, content: string) => {
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'text/plain' }), name);
    const res = await t.admin.post<{ id: string }>('/api/v1/attachments', form);
    expect(res.status).toBe(201);
    return res.body.id;
  };

  /** Waits for the `n`th letter of a kind to `email` and answers its links. */
  async function letterTo(email: string, kind: RegExp, n: number): Promise<{ text: string; raw: string; links: string[] }> {
    // A plain loop, not expect.poll: sign-ins also run in beforeAll hooks.
    for (let waited = 0; mailsTo(email, kind).length < n; waited += 25) {
      if (waited > 5000) throw new Error(`no letter ${n} to ${email} matching ${kind}`);
      await t.app.context.outbox.deliverDue();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const mail: ReceivedMail = mailsTo(email, kind)[n - 1]!;
    const text = (await parseEmail(Buffer.from(mail.raw))).text ?? '';
    return { text, raw: mail.raw, links: [...text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]) };
  }

  /** Asks for a sign-in letter and uses its link; answers the page it lands on. */
  async function signIn(browser: Browser, email: string, next?: string): Promise<Answer> {
    const before = mailsTo(email, /portal\/sign-in\//).length;
    await browser.request('/portal');
    const asked = await browser.post('/portal/sign-in', { email, ...(next ? { next } : {}) });
    expect(asked.status).toBe(200);
    const { links } = await letterTo(email, /portal\/sign-in\//, before + 1);
    const link = here(links.find((l) => l.includes('/portal/sign-in/'))!);
    const page = await browser.request(link);
    expect(page.status).toBe(200);
    const landed = await browser.post(link.split('?')[0]!, {});
    expect(landed.status).toBe(303);
    return landed;
  }

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver(port);
    t = await createTestApp({
      db,
      clock,
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Parley <help@parley.test>', VISITOR_MAX_UPLOAD_BYTES: String(FILE_LIMIT), PORTAL_SIGN_IN_REQUESTS_PER_HOUR: '25', PUBLIC_FORM_REQUESTS_PER_HOUR: '100' },
    });
    ids.support = await t.department('Support');
    ids.escalations = await t.department('VIP-ESCALATIONS');

    const mara = await ingestRawMail(t.app.context, letter('Mara <mara@customer.example>', 'MARA-SUBJECT printer jam', 'MARA-BODY the printer eats paper'), { source: 'test', departmentId: ids.support, ownAddresses: [] });
    const lauris = await ingestRawMail(t.app.context, letter('Lauris <lauris@customer.example>', 'LAURIS-SUBJECT invoice', 'LAURIS-BODY account 1234'), { source: 'test', departmentId: ids.support, ownAddresses: [] });
    if (mara.result !== 'created' || lauris.result !== 'created') throw new Error('expected new tickets');
    ids.mara = mara.ticketId;
    ids.lauris = lauris.ticketId;
    ids.maraContact = (await detail(ids.mara)).ticket.contact!.id;
    ids.laurisContact = (await detail(ids.lauris)).ticket.contact!.id;

    ids.replyFile = await upload('manual.txt', 'how to clear a jam');
    expect((await t.admin.post(`/api/v1/tickets/${ids.mara}/replies`, { body: 'MARA-REPLY open the back door', attachmentIds: [ids.replyFile] })).status).toBe(201);
    ids.noteFile = await upload('secret-plan.txt', 'do not show');
    expect((await t.admin.post(`/api/v1/tickets/${ids.mara}/internal-notes`, { body: 'SECRET-NOTE she is a VIP', attachmentIds: [ids.noteFile] })).status).toBe(201);
    expect((await t.admin.post(`/api/v1/tickets/${ids.mara}/transfer`, { departmentId: ids.escalations, note: 'SECRET-NOTE moved up' })).status).toBe(200);
    const internal = await t.admin.post<TicketDetailDto>('/api/v1/internal-tickets', { subject: 'SECRET-INTERNAL audit of Mara', message: 'SECRET-INTERNAL body', departmentId: ids.support, aboutContactId: ids.maraContact });
    expect(internal.status, JSON.stringify(internal.body)).toBe(201);
    ids.internal = internal.body.ticket.id;
    expect(internal.body.ticket.contact?.id).toBe(ids.maraContact);
    ids.laurisFile = await upload('lauris-statement.txt', 'LAURIS-FILE');
    expect((await t.admin.post(`/api/v1/tickets/${ids.lauris}/replies`, { body: 'LAURIS-REPLY refund sent', attachmentIds: [ids.laurisFile] })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  describe('signing in', () => {
    it('answers the same for a known and an unknown address, and writes only to the known one, as a machine', async () => {
      const browser = new Browser(t.baseUrl, NOT_FOR_MARA);
      await browser.request('/portal');
      const known = await browser.post('/portal/sign-in', { email: 'Mara@Customer.example' });
      const unknown = await browser.post('/portal/sign-in', { email: 'nobody@customer.example' });
      expect(known.status).toBe(200);
      expect(unknown.status).toBe(known.status);
      expect(unknown.html).toBe(known.html);
      expect(known.html).toContain('If we know this address');
      const { raw, text, links } = await letterTo('mara@customer.example', /portal\/sign-in\//, 1);
      expect(/^Auto-Submitted:\s*auto-generated/im.test(raw)).toBe(true);
      expect(text).toContain('15 minutes');
      expect(links.filter((l) => l.includes('/portal/sign-in/pps1.'))).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await t.app.context.outbox.deliverDue();
      expect(smtp.mails.filter((m) => m.to.includes('nobody@customer.example'))).toHaveLength(0);
    });

    it('signs in once per link: opening it records nothing, the first post signs in, a second is refused', async () => {
      const browser = new Browser(t.baseUrl, NOT_FOR_MARA);
      await browser.request('/portal');
      await browser.post('/portal/sign-in', { email: 'mara@customer.example' });
      const { links } = await letterTo('mara@customer.example', /portal\/sign-in\//, 2);
      const link = here(links.find((l) => l.includes('/portal/sign-in/'))!);
      // A mail scanner's visit (or two) does not use the link.
      expect((await new Browser(t.baseUrl, NOT_FOR_MARA).request(link)).status).toBe(200);
      const page = await browser.request(link);
      expect(page.status).toBe(200);
      const landed = await browser.post(link.split('?')[0]!, {});
      expect(landed.status).toBe(303);
      expect(landed.location).toBe('/portal/tickets');
      const session = browser.setCookieLines.find((line) => line.startsWith('parley_portal_session='))!;
      expect(session).toMatch(/HttpOnly/i);
      expect(session).toMatch(/SameSite=Lax/i);
      expect(session).toMatch(/Path=\/portal/i);
      expect(session).not.toMatch(/Secure/i);
      expect((await browser.request('/portal/tickets')).status).toBe(200);

      const thief = new Browser(t.baseUrl, NOT_FOR_MARA);
      const opened = await thief.request(link);
      expect(opened.status).toBe(409);
      expect(opened.html).toContain('already been used');
      const again = await thief.post(link.split('?')[0]!, {});
      expect(again.status).toBe(409);
      expect(thief.cookies.has('parley_portal_session')).toBe(false);
      expect((await thief.request('/portal/tickets')).status).toBe(303);
    });

    it('refuses a link after fifteen minutes, and forged or altered ones', async () => {
      const browser = new Browser(t.baseUrl, NOT_FOR_MARA);
      await browser.request('/portal');
      await browser.post('/portal/sign-in', { email: 'mara@customer.example' });
      const { links } = await letterTo('mara@customer.example', /portal\/sign-in\//, 3);
      const link = here(links.find((l) => l.includes('/portal/sign-in/'))!).split('?')[0]!;
      const token = decodeURIComponent(link.split('/').pop()!);
      const [version, id, signature] = token.split('.') as [string, string, string];
      const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
      for (const forged of [`${version}.${(Number.parseInt(id, 36) - 1).toString(36)}.${signature}`, `${version}.${id}.${flipped}`, `ppt1.${id}.${signature}`, 'nonsense']) {
        const res = await browser.request(`/portal/sign-in/${encodeURIComponent(forged)}`);
        expect(res.status, forged).toBe(404);
        expect((await browser.post(`/portal/sign-in/${encodeURIComponent(forged)}`, {})).status).toBe(404);
      }
      clock.advance(15 * 60_000 + 1000);
      try {
        const late = await browser.request(link);
        expect(late.status).toBe(410);
        expect(late.html).toContain('expired');
        expect((await browser.post(link, {})).status).toBe(410);
        expect(browser.cookies.has('parley_portal_session')).toBe(false);
      } finally {
        clock.advance(-(15 * 60_000 + 1000));
      }
    });

    it('limits sign-in letters per address and per client address, telling nothing more', async () => {
      const browser = new Browser(t.baseUrl, NOT_FOR_MARA, 'en', '198.51.100.7');
      await browser.request('/portal');
      for (let i = 0; i < 5; i++) expect((await browser.post('/portal/sign-in', { email: 'flood@customer.example' })).status).toBe(200);
      const limited = await browser.post('/portal/sign-in', { email: 'flood@customer.example' });
      expect(limited.status).toBe(429);
      expect(limited.html).toContain('Too many attempts');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

      const spray = new Browser(t.baseUrl, NOT_FOR_MARA, 'en', '198.51.100.8');
      await spray.request('/portal');
      for (let i = 0; i < 25; i++) expect((await spray.post('/portal/sign-in', { email: `spray${i}@customer.example` })).status, `request ${i}`).toBe(200);
      expect((await spray.post('/portal/sign-in', { email: 'spray-last@customer.example' })).status).toBe(429);
      // Another client address is unaffected.
      expect((await new Browser(t.baseUrl, NOT_FOR_MARA, 'en', '198.51.100.9').request('/portal')).status).toBe(200);
    });

    it('signs in with the chat widget\'s verified identity, from this origin only; an unverified visitor is nobody', async () => {
      const widget = await t.admin.post<{ key: string; identitySecret: string }>('/api/v1/widgets', { name: 'Site', departmentId: ids.support });
      expect(widget.status).toBe(201);
      const hash = createHmac('sha256', widget.body.identitySecret).update('user-9:mara@customer.example').digest('hex');
      const issue = async (body: Record<string, unknown>) =>
        (await (await fetch(`${t.baseUrl}/api/v1/widget/visitors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { token: string; verified: boolean };
      const verified = await issue({ widgetKey: widget.body.key, identity: { userId: 'user-9', email: 'mara@customer.example', hash } });
      expect(verified.verified).toBe(true);
      const anonymous = await issue({ widgetKey: widget.body.key });

      const browser = new Browser(t.baseUrl, NOT_FOR_MARA);
      const origin = new URL(t.baseUrl).origin;
      const send = (token: string, from: string | null) =>
        browser.request('/portal/widget-sign-in', { method: 'POST', form: { visitorToken: token }, headers: from ? { origin: from } : {} });
      // Another site's page (or none) cannot sign a browser in, even with a good token.
      expect((await send(verified.token, 'https://evil.example')).status).toBe(403);
      expect((await send(verified.token, null)).status).toBe(403);
      expect(browser.cookies.has('parley_portal_session')).toBe(false);
      const refused = await send(anonymous.token, origin);
      expect(refused.status).toBe(403);
      expect(refused.html).toContain('Your chat could not sign you in here.');
      expect((await send(`${verified.token.slice(0, -2)}xx`, origin)).status).toBe(403);
      expect(browser.cookies.has('parley_portal_session')).toBe(false);

      const signedIn = await send(verified.token, origin);
      expect(signedIn.status).toBe(303);
      expect(signedIn.location).toBe('/portal/tickets');
      expect((await browser.request('/portal/tickets')).html).toContain('MARA-SUBJECT printer jam');
    });

    it('refuses a form without this browser\'s token, and one of another browser', async () => {
      const browser = new Browser(t.baseUrl, NOT_FOR_MARA);
      await browser.request('/portal');
      expect((await browser.post('/portal/sign-in', { csrf: 'x'.repeat(43), email: 'mara@customer.example' })).status).toBe(403);
      const other = new Browser(t.baseUrl, NOT_FOR_MARA);
      await other.request('/portal');
      const crossed = await browser.post('/portal/sign-in', { csrf: other.csrf, email: 'mara@customer.example' });
      expect(crossed.status).toBe(403);
      expect(crossed.html).toContain('This form has expired');
      const bare = await fetch(`${t.baseUrl}/portal/sign-in`, { method: 'POST', body: new URLSearchParams({ csrf: browser.csrf, email: 'mara@customer.example' }), redirect: 'manual' });
      expect(bare.status).toBe(403);
    });
  });

  describe('a signed-in customer', () => {
    let mara: Browser;
    let lauris: Browser;
    beforeAll(async () => {
      mara = new Browser(t.baseUrl, NOT_FOR_MARA);
      await signIn(mara, 'mara@customer.example');
      lauris = new Browser(t.baseUrl, NOT_FOR_LAURIS, 'lv');
      await signIn(lauris, 'lauris@customer.example');
    });

    it('sees their own tickets only: never an internal one about them, never another customer\'s', async () => {
      const list = await mara.request('/portal/tickets');
      expect(list.status).toBe(200);
      expect(list.html).toContain('MARA-SUBJECT printer jam');
      expect(list.html).toContain(`href="/portal/tickets/${ids.mara}"`);
      expect(list.html).not.toContain(`href="/portal/tickets/${ids.internal}"`);
      const theirs = await lauris.request('/portal/tickets');
      expect(theirs.html).toContain('LAURIS-SUBJECT invoice');
      expect(theirs.html).toContain('lang="lv"');
      expect(theirs.html).toContain('Jūsu pieprasījumi');
    });

    it('reads the public thread with its files, never a note, a system event or a note\'s file', async () => {
      const page = await mara.request(`/portal/tickets/${ids.mara}`);
      expect(page.status).toBe(200);
      expect(page.html).toContain('MARA-BODY the printer eats paper');
      expect(page.html).toContain('MARA-REPLY open the back door');
      expect(page.html).toContain(`/portal/tickets/${ids.mara}/files/${ids.replyFile}`);
      const file = await fetch(`${t.baseUrl}/portal/tickets/${ids.mara}/files/${ids.replyFile}`, { headers: { cookie: `parley_portal_session=${mara.cookies.get('parley_portal_session')}` } });
      expect(file.status).toBe(200);
      expect(await file.text()).toBe('how to clear a jam');
      for (const path of [`/portal/tickets/${ids.mara}/files/${ids.noteFile}`, `/portal/tickets/${ids.mara}/files/${ids.laurisFile}`, `/portal/tickets/${ids.lauris}/files/${ids.laurisFile}`, `/portal/tickets/${ids.mara}/files/not-an-id`]) {
        const refused = await mara.request(path);
        expect(refused.status, path).toBe(404);
      }
    });

    it('is refused another customer\'s ticket, an internal one and made-up ids, as not found', async () => {
      for (const id of [ids.lauris, ids.internal, 999999, '0', 'abc', '1e3', '-1']) {
        const res = await mara.request(`/portal/tickets/${id}`);
        expect(res.status, String(id)).toBe(404);
        expect(res.html).toContain('This request was not found.');
      }
      // Writing to them is refused the same way, and nothing is written.
      const before = (await detail(ids.lauris)).thread.length;
      const form = new FormData();
      form.append('csrf', mara.csrf);
      form.append('body', 'MARA-INTRUSION');
      expect((await mara.post(`/portal/tickets/${ids.lauris}/replies`, form)).status).toBe(404);
      expect((await mara.post(`/portal/tickets/${ids.internal}/rating`, { rating: 'bad' })).status).toBe(404);
      expect((await detail(ids.lauris)).thread.length).toBe(before);
      expect(JSON.stringify(await detail(ids.internal))).not.toContain('MARA-INTRUSION');
    });

    it('follows a ticket\'s signed link from our letter, and a link of another\'s ticket or a forged one opens nothing', async () => {
      // The agent's reply letter carries the ticket's portal link.
      const { links } = await letterTo('mara@customer.example', /MARA-REPLY/, 1);
      const ticketLink = here(links.find((l) => l.includes('/portal/t/'))!);
      const opened = await mara.request(ticketLink);
      expect(opened.status).toBe(303);
      expect(opened.location).toBe(`/portal/tickets/${ids.mara}`);
      const laurisLink = here((await letterTo('lauris@customer.example', /LAURIS-REPLY/, 1)).links.find((l) => l.includes('/portal/t/'))!);
      const crossed = await mara.request(laurisLink);
      expect(crossed.location).toBe(`/portal/tickets/${ids.lauris}`);
      expect((await mara.request(crossed.location!)).status).toBe(404);
      const token = decodeURIComponent(ticketLink.split('/').pop()!);
      const [version, , signature] = token.split('.') as [string, string, string];
      for (const forged of [`${version}.${ids.lauris.toString(36)}.${signature}`, `${version}.${ids.internal.toString(36)}.${signature}`, 'ppt1.zz.short']) {
        expect((await mara.request(`/portal/t/${encodeURIComponent(forged)}`)).status, forged).toBe(404);
      }
    });

    it('sends someone not signed in from a ticket link to sign in, and then to that ticket', async () => {
      const { links } = await letterTo('mara@customer.example', /MARA-REPLY/, 1);
      const ticketLink = here(links.find((l) => l.includes('/portal/t/'))!);
      const stranger = new Browser(t.baseUrl, NOT_FOR_MARA);
      const page = await stranger.request(ticketLink);
      expect(page.status).toBe(200);
      expect(page.html).toContain('Please sign in to see this request.');
      const next = /name="next" value="([^"]+)"/.exec(page.html)?.[1];
      expect(next).toBeTruthy();
      const landed = await signIn(stranger, 'mara@customer.example', next!.replace(/&amp;/g, '&'));
      expect(landed.location).toBe(`/portal/tickets/${ids.mara}`);
      // Lauris with Mara's ticket link signs in to his own list: the link names a ticket, it grants nothing.
      const other = new Browser(t.baseUrl, NOT_FOR_LAURIS);
      await other.request(ticketLink);
      expect((await signIn(other, 'lauris@customer.example', next!.replace(/&amp;/g, '&'))).location).toBe('/portal/tickets');
    });

    it('rates a resolved ticket once, then a reply with a file opens it again', async () => {
      expect((await t.admin.post(`/api/v1/tickets/${ids.mara}/resolve`)).status).toBe(200);
      const resolved = await mara.request(`/portal/tickets/${ids.mara}`);
      expect(resolved.html).toContain('value="good"');
      expect(resolved.html).toContain('Replying opens it again');
      const rated = await mara.post(`/portal/tickets/${ids.mara}/rating`, { rating: 'good', comment: 'MARA-RATING thanks' });
      expect(rated.status).toBe(303);
      expect((await detail(ids.mara)).satisfaction).toMatchObject({ rating: 'good', comment: 'MARA-RATING thanks' });
      expect((await mara.request(`/portal/tickets/${ids.mara}`)).html).not.toContain('value="good"');
      expect((await mara.post(`/portal/tickets/${ids.mara}/rating`, { rating: 'bad' })).status).toBe(409);

      const form = new FormData();
      form.append('csrf', mara.csrf);
      form.append('clientId', 'portal-test-reply-1');
      form.append('body', 'MARA-ANSWER it jams again');
      form.append('files', new Blob(['photo bytes'], { type: 'image/png' }), 'jam.png');
      // Agents hear of it as of any customer message.
      const socket = await connectAgent(t.baseUrl, { http: t.admin });
      const heard = recordEvents(socket);
      const sent = await mara.post(`/portal/tickets/${ids.mara}/replies`, form);
      expect(sent.status).toBe(303);
      try {
        const item = await heard.waitFor('thread:item_created', (p) => p.body === 'MARA-ANSWER it jams again');
        expect(item).toMatchObject({ kind: 'customer_message', ticketId: ids.mara });
      } finally {
        socket.disconnect();
      }
      expect(sent.location).toBe(`/portal/tickets/${ids.mara}?sent=1`);
      // The same form sent twice is taken once.
      expect((await mara.post(`/portal/tickets/${ids.mara}/replies`, form)).status).toBe(303);
      const after = await detail(ids.mara);
      expect(after.ticket.status).toBe('open');
      const answers = after.thread.filter((item) => item.body === 'MARA-ANSWER it jams again');
      expect(answers).toHaveLength(1);
      expect(answers[0]).toMatchObject({ kind: 'customer_message', attachments: [expect.objectContaining({ filename: 'jam.png', size: 11 })] });
      expect(after.thread.some((item) => item.kind === 'system_event' && item.systemEvent?.type === 'status_changed')).toBe(true);
      const page = await mara.request(`/portal/tickets/${ids.mara}?sent=1`);
      expect(page.html).toContain('Your reply has been sent.');
      expect(page.html).toContain('jam.png');
    });

    it('refuses a reply without the token, an oversized file and too many files, keeping nothing', async () => {
      const before = (await detail(ids.mara)).thread.length;
      const forged = new FormData();
      forged.append('csrf', lauris.csrf);
      forged.append('body', 'MARA-FORGED');
      expect((await mara.post(`/portal/tickets/${ids.mara}/replies`, forged)).status).toBe(403);
      const large = new FormData();
      large.append('csrf', mara.csrf);
      large.append('body', 'MARA-LARGE');
      large.append('files', new Blob([new Uint8Array(FILE_LIMIT + 1)]), 'big.bin');
      const tooLarge = await mara.post(`/portal/tickets/${ids.mara}/replies`, large);
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.html).toContain('too large');
      const many = new FormData();
      many.append('csrf', mara.csrf);
      many.append('body', 'MARA-MANY');
      for (let i = 0; i < 4; i++) many.append('files', new Blob(['x']), `f${i}.txt`);
      expect((await mara.post(`/portal/tickets/${ids.mara}/replies`, many)).status).toBe(400);
      const empty = new FormData();
      empty.append('csrf', mara.csrf);
      empty.append('body', '   ');
      expect((await mara.post(`/portal/tickets/${ids.mara}/replies`, empty)).status).toBe(400);
      const urlencoded = await mara.post(`/portal/tickets/${ids.mara}/replies`, { body: 'MARA-NOT-MULTIPART' });
      expect(urlencoded.status).toBe(415);
      expect((await detail(ids.mara)).thread.length).toBe(before);
    });

    it('opens a new request as the web form does, filed under the signed-in customer', async () => {
      expect((await mara.request('/portal/new')).status).toBe(200);
      const form = new FormData();
      form.append('csrf', mara.csrf);
      form.append('subject', 'MARA-NEW scanner too');
      form.append('message', 'MARA-NEW the scanner is slow');
      form.append('files', new Blob(['scan'], { type: 'text/plain' }), 'scan.txt');
      const created = await mara.post('/portal/new', form);
      expect(created.status).toBe(303);
      const id = Number(/\/portal\/tickets\/(\d+)\?created=1$/.exec(created.location ?? '')?.[1]);
      const made = await detail(id);
      expect(made.ticket).toMatchObject({ subject: 'MARA-NEW scanner too', channel: 'web_form', internal: false, contact: expect.objectContaining({ id: ids.maraContact }) });
      expect(made.thread[0]).toMatchObject({ kind: 'customer_message', body: 'MARA-NEW the scanner is slow', attachments: [expect.objectContaining({ filename: 'scan.txt' })] });
      expect((await mara.request('/portal/tickets')).html).toContain('MARA-NEW scanner too');
      const noSubject = new FormData();
      noSubject.append('csrf', mara.csrf);
      noSubject.append('subject', '');
      noSubject.append('message', 'MARA-NEW keep me');
      const refused = await mara.post('/portal/new', noSubject);
      expect(refused.status).toBe(400);
      expect(refused.html).toContain('MARA-NEW keep me');

      // Merged into her first ticket, it is listed as that one, and its link shows the joined thread.
      expect((await t.admin.post(`/api/v1/tickets/${ids.mara}/merge`, { ticketIds: [id] })).status).toBe(200);
      const list = await mara.request('/portal/tickets');
      expect(list.html).not.toContain(`href="/portal/tickets/${id}"`);
      expect(list.html).toContain(`href="/portal/tickets/${ids.mara}"`);
      const merged = await mara.request(`/portal/tickets/${id}`);
      expect(merged.status).toBe(200);
      expect(merged.html).toContain('MARA-NEW the scanner is slow');
      expect(merged.html).toContain('MARA-BODY the printer eats paper');
    });

    it('speaks the browser\'s language, and keeps the one chosen', async () => {
      const greek = new Browser(t.baseUrl, NOT_FOR_MARA, 'el-GR,el;q=0.9');
      expect((await greek.request('/portal')).html).toContain('lang="el"');
      const chosen = await greek.request('/portal?lang=uk');
      expect(chosen.html).toContain('lang="uk"');
      expect(chosen.html).toContain('Надіслати посилання для входу');
      expect((await greek.request('/portal')).html).toContain('lang="uk"');
      expect((await greek.request('/portal?lang=xx')).html).toContain('lang="uk"');
    });

    it('ends the session at sign-out, and after a week unused', async () => {
      // Lauris here: Mara has used up her five sign-in letters of the hour above.
      const browser = new Browser(t.baseUrl, NOT_FOR_LAURIS);
      await signIn(browser, 'lauris@customer.example');
      const cookie = browser.cookies.get('parley_portal_session')!;
      await browser.request('/portal/tickets');
      expect((await browser.post('/portal/sign-out', {})).html).toContain('You have signed out.');
      const replayed = await fetch(`${t.baseUrl}/portal/tickets`, { headers: { cookie: `parley_portal_session=${cookie}` }, redirect: 'manual' });
      expect(replayed.status).toBe(303);
      expect(replayed.headers.get('location')).toBe('/portal');

      const idle = new Browser(t.baseUrl, NOT_FOR_LAURIS);
      await signIn(idle, 'lauris@customer.example');
      clock.advance(7 * 86_400_000 + 1000);
      try {
        expect((await idle.request('/portal/tickets')).status).toBe(303);
      } finally {
        clock.advance(-(7 * 86_400_000 + 1000));
      }
    });

    it('forgets spent links and ended sessions a day after they end, and nothing sooner', async () => {
      const em = t.app.orm.em.fork();
      const [links, sessions] = [await em.count(PortalSignIn, {}), await em.count(PortalSession, {})];
      expect(links).toBeGreaterThan(0);
      expect(await purgePortalRows(t.app.context)).toBe(0);
      expect(await em.count(PortalSession, {})).toBe(sessions);
      clock.advance(31 * 86_400_000 + 1000);
      try {
        expect(await purgePortalRows(t.app.context)).toBe(links + sessions);
        expect(await em.count(PortalSignIn, {})).toBe(0);
        expect(await em.count(PortalSession, {})).toBe(0);
      } finally {
        clock.advance(-(31 * 86_400_000 + 1000));
      }
    });
  });
});
