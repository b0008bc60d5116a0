import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestRawMail, type MailSource } from '../../src/modules/email/ingest-mail.js';
import { createTestApp, describeEachDatabase, type TestApp } from '../helpers/create-test-app.js';
import { htmlLetter, RED_DOT_PNG } from '../helpers/html-letter.js';

describeEachDatabase('the email view over HTTP', (db) => {
  let t: TestApp;
  let support: number;
  let source: MailSource;

  beforeAll(async () => {
    t = await createTestApp({ db });
    support = await t.department('Support');
    source = { source: 'test', departmentId: support, ownAddresses: ['help@parley.example'] };
  });
  afterAll(async () => {
    await t?.close();
  });

  async function ingest(raw: Buffer): Promise<{ ticketId: number; itemId: number }> {
    const outcome = await ingestRawMail(t.app.context, raw, source);
    if (outcome.result !== 'created' && outcome.result !== 'appended') throw new Error(`not filed: ${JSON.stringify(outcome)}`);
    return { ticketId: outcome.ticketId, itemId: outcome.itemId };
  }

  it('answers the sanitized HTML: scripts gone, cid images linked to the attachment, remote images held back until allowed, quote marked', async () => {
    const raw = htmlLetter({
      html: '<html><head><meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/"></head><body><p onclick="alert(1)">Still broken <img src="cid:dot@customer.example" alt="dot"></p><script>window.pwned=1</script><img src="https://tracker.example/pixel.gif"><div class="gmail_quote">On Mon, 3 May 2026, Help &lt;help@parley.example&gt; wrote:<blockquote class="gmail_quote">Try again</blockquote></div></body></html>',
      inline: [{ cid: 'dot@customer.example', name: 'dot.png', data: RED_DOT_PNG }],
    });
    const { ticketId, itemId } = await ingest(raw);
    const detail = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
    const item = detail.thread.find((i: { id: number }) => i.id === itemId);
    expect(item.email.hasHtml).toBe(true);
    const dot = item.attachments.find((a: { filename: string }) => a.filename === 'dot.png');
    expect(dot).toBeDefined();

    const res = await t.admin.get(`/api/v1/tickets/${ticketId}/items/${itemId}/email/html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(res.headers.get('x-parley-blocked-images')).toBe('1');
    expect(res.headers.get('x-parley-quoted')).toBe('1');
    const html = res.body as string;
    expect(html).not.toMatch(/<script|onclick|<meta|<base|evil\.example|tracker\.example|pwned/i);
    expect(html).toContain(`<img src="/api/v1/attachments/${dot.id}" alt="dot">`);
    expect(html).toMatch(/<div data-parley-quote(="")?>\s*<div class="gmail_quote">/);

    const shown = await t.admin.get(`/api/v1/tickets/${ticketId}/items/${itemId}/email/html?images=allowed`);
    expect(shown.body).toContain('<img src="https://tracker.example/pixel.gif">');
    expect(shown.headers.get('x-parley-blocked-images')).toBe('0');

    // The inline image it links to downloads for the same agent.
    const image = await fetch(`${t.baseUrl}/api/v1/attachments/${dot.id}`, { headers: { cookie: t.admin.cookie ?? '' } });
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(RED_DOT_PNG)).toBe(true);
  });

  it('answers the original letter as text, or as a .eml download', async () => {
    const raw = htmlLetter({ html: '<p>Привет</p>', subject: 'Original please' });
    const { ticketId, itemId } = await ingest(raw);
    const res = await t.admin.get(`/api/v1/tickets/${ticketId}/items/${itemId}/email/original`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^inline/);
    expect(res.body).toBe(raw.toString('utf8'));
    const download = await t.admin.get(`/api/v1/tickets/${ticketId}/items/${itemId}/email/original?download=1`);
    expect(download.headers.get('content-type')).toBe('message/rfc822');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="ticket-\d+-message-\d+\.eml"/);
  });

  it('shows an 8-bit letter under the charset its bytes are in, and a letter no charset reads whole without one', async () => {
    const cp1251 = (text: string) => {
      const decoder = new TextDecoder('windows-1251');
      const table = new Map(Array.from({ length: 256 }, (_, b) => [decoder.decode(Uint8Array.of(b)), b] as const));
      return Buffer.from(Array.from(text, (c) => table.get(c) ?? 0x3f));
    };
    const original = async (raw: Buffer) => {
      const { ticketId, itemId } = await ingest(raw);
      const res = await fetch(`${t.baseUrl}/api/v1/tickets/${ticketId}/items/${itemId}/email/original`, { headers: { cookie: t.admin.cookie! } });
      return { type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
    };
    const head = (subject: string) => `From: ivan@customer.example\r\nTo: help@parley.example\r\nSubject: ${subject}\r\nMessage-ID: <${subject}-${db}@customer.example>\r\n`;
    const labelled = Buffer.concat([Buffer.from(`${head('labelled')}Content-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`), cp1251('Здравствуйте, мой заказ не пришёл.'), Buffer.from('\r\n')]);
    const shown = await original(labelled);
    expect(shown.type).toBe('text/plain; charset=windows-1251');
    expect(shown.bytes.equals(labelled)).toBe(true);
    expect(new TextDecoder(shown.type!.split('charset=')[1]).decode(shown.bytes)).toContain('Здравствуйте, мой заказ не пришёл.');
    // Not UTF-8, and ISO-8859-7 (the only declaration) leaves 0xAE, 0xD2 and 0xFF undefined.
    const unreadable = Buffer.concat([Buffer.from(`${head('unreadable')}Content-Type: text/plain; charset=iso-8859-7\r\n\r\n`), Buffer.from([0xd2, 0xff, 0xae]), Buffer.from('\r\n')]);
    const raw = await original(unreadable);
    expect(raw.type).not.toMatch(/charset/);
    expect(raw.bytes.equals(unreadable)).toBe(true);
  });

  it('refuses agents who may not see the ticket, items of another ticket, items without email, and bad queries', async () => {
    const { ticketId, itemId } = await ingest(htmlLetter({ html: '<p>Secret</p>', subject: 'Secret' }));
    const other = await t.department('Sales');
    const outsider = await t.agent({ departmentIds: [other] });
    for (const path of [`/api/v1/tickets/${ticketId}/items/${itemId}/email/html`, `/api/v1/tickets/${ticketId}/items/${itemId}/email/original`]) {
      const refused = await outsider.http.get(path);
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({ error: { code: 'ticket/not_found' } });
      expect(JSON.stringify(refused.body)).not.toContain('Secret');
    }
    const second = await ingest(htmlLetter({ html: '<p>Another</p>', subject: 'Another' }));
    const crossed = await t.admin.get(`/api/v1/tickets/${second.ticketId}/items/${itemId}/email/html`);
    expect(crossed.status).toBe(404);
    expect(crossed.body).toMatchObject({ error: { code: 'resource/not_found' } });

    const note = await t.admin.post(`/api/v1/tickets/${ticketId}/internal-notes`, { body: 'internal' });
    expect((await t.admin.get(`/api/v1/tickets/${ticketId}/items/${note.body.id}/email/html`)).status).toBe(404);
    expect((await t.admin.get(`/api/v1/tickets/${ticketId}/items/${itemId}/email/html?images=all`)).status).toBe(400);
    const anonymous = await fetch(`${t.baseUrl}/api/v1/tickets/${ticketId}/items/${itemId}/email/original`);
    expect(anonymous.status).toBe(401);
  });
});
