import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Em } from '../src/db/orm.js';
import { Attachment } from '../src/modules/attachments/attachment.entity.js';
import { ingestRawMail } from '../src/modules/email/ingest-mail.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { connectVisitor, emitWithAck, issueVisitor } from './helpers/sockets.js';

// "invoice" + RIGHT-TO-LEFT OVERRIDE + "gnp.exe" is shown as "invoiceexe.png"; isolates and marks do the same more quietly.
const SPOOFED = 'invoice\u202Egnp.\u2066exe\u2069\u200F\u061C\u200E';
const CLEAN = 'invoicegnp.exe';
const PDF_SPOOFED = 'report\u202Efdp.\u200Bpdf';
const PDF_CLEAN = 'reportfdp.pdf';

describeEachDatabase('attachment file names', (db) => {
  let t: TestApp;
  let support: number;

  beforeAll(async () => {
    t = await createTestApp({ db });
    support = await t.department('Support');
  });
  afterAll(() => t?.close());

  const storedName = async (id: string) => (await (t.app.context.orm.em.fork() as Em).findOneOrFail(Attachment, { id })).filename;
  const dispositionOf = (res: { headers: Headers }) => decodeURIComponent(res.headers.get('content-disposition')!.split("filename*=UTF-8''")[1]!);

  it('stores and serves an agent upload without direction overrides or other hidden characters', async () => {
    const form = new FormData();
    form.append('file', new Blob(['MZ'], { type: 'application/octet-stream' }), SPOOFED);
    const res = await t.admin.post('/api/v1/attachments', form);
    expect(res.status).toBe(201);
    expect(res.body.filename).toBe(CLEAN);
    expect(await storedName(res.body.id)).toBe(CLEAN);
    const download = await t.admin.get(res.body.url);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${CLEAN}"; filename*=UTF-8''${CLEAN}`);
  });

  it('stores and serves a visitor upload without them', async () => {
    const { token } = await issueVisitor(t.baseUrl);
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), PDF_SPOOFED);
    const res = await fetch(`${t.baseUrl}/api/v1/widget/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    const body = (await res.json()) as { id: string; filename: string; url: string };
    expect(res.status).toBe(201);
    expect(body.filename).toBe(PDF_CLEAN);
    expect(await storedName(body.id)).toBe(PDF_CLEAN);
    // Sent with a chat, it is downloaded by the visitor from the widget and by agents from the console.
    const socket = await connectVisitor(t.baseUrl, token);
    try {
      const start = await emitWithAck(socket, 'chat:start', { clientId: `names-${process.pid}-chat`, message: 'my report', departmentId: support, attachmentIds: [body.id] });
      expect(start.ok).toBe(true);
    } finally {
      socket.close();
    }
    const download = await fetch(`${t.baseUrl}${body.url}`, { headers: { authorization: `Bearer ${token}` } });
    expect(download.status).toBe(200);
    expect(dispositionOf(download)).toBe(PDF_CLEAN);
    expect(dispositionOf(await t.admin.get(`/api/v1/attachments/${body.id}`))).toBe(PDF_CLEAN);
  });

  it('stores and serves a file that came by email without them', async () => {
    const name = `=?UTF-8?B?${Buffer.from(SPOOFED).toString('base64')}?=`;
    const raw = [
      'From: Anna <anna@customer.example>', 'To: help@parley.example', 'Subject: Your invoice', `Message-ID: <names-${process.pid}-${Date.now()}@customer.example>`,
      'Date: Mon, 30 Nov 2026 09:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="zz"', '',
      '--zz', 'Content-Type: text/plain; charset=utf-8', '', 'Attached.',
      '--zz', `Content-Type: application/octet-stream; name="${name}"`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="${name}"`, '',
      Buffer.from('MZ').toString('base64'), '--zz--', '',
    ].join('\r\n');
    const outcome = await ingestRawMail(t.app.context, Buffer.from(raw), { source: 'test', departmentId: support, ownAddresses: ['help@parley.example'] });
    expect(outcome).toMatchObject({ result: 'created' });
    if (outcome.result !== 'created') return;
    const detail = (await t.admin.get(`/api/v1/tickets/${outcome.ticketId}`)).body;
    const file = detail.thread.find((i: { kind: string }) => i.kind === 'customer_message').attachments[0];
    expect(file.filename).toBe(CLEAN);
    expect(await storedName(file.id)).toBe(CLEAN);
    expect(dispositionOf(await t.admin.get(file.url))).toBe(CLEAN);
  });

  it('never serves a direction override stored before the rule existed', async () => {
    const form = new FormData();
    form.append('file', new Blob(['MZ'], { type: 'application/octet-stream' }), 'old.exe');
    const res = await t.admin.post('/api/v1/attachments', form);
    await (t.app.context.orm.em.fork() as Em).nativeUpdate(Attachment, { id: res.body.id }, { filename: SPOOFED });
    expect(dispositionOf(await t.admin.get(res.body.url))).toBe(CLEAN);
  });
});
