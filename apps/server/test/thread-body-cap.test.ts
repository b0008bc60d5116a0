import { request } from 'node:http';
import { THREAD_BODY_PREVIEW_LENGTH } from '@parley/domain';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestRawMail, type MailSource } from '../src/modules/email/ingest-mail.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';

describeEachDatabase('a thread with a huge letter', (db) => {
  let t: TestApp;
  let source: MailSource;

  beforeAll(async () => {
    t = await createTestApp({ db });
    source = { source: 'test', departmentId: await t.department('Support'), ownAddresses: ['help@parley.example'] };
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A GET as the administrator on a new connection (no pooled one), answered 200. */
  const freshGet = (path: string) =>
    new Promise<string>((resolve, reject) => {
      const req = request(`${t.baseUrl}${path}`, { agent: false, headers: { cookie: t.admin.cookie! } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`${path} answered ${res.statusCode}`))));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });

  it('returns the first 256 Ki characters of a 30 MB body with truncated and the full length, and the rest on request', async () => {
    const line = 'Лог сервера: 2026-12-04 19:00:00 ошибка соединения 👋🏽\n';
    const body = line.repeat(Math.ceil((30 * 1024 * 1024) / Buffer.byteLength(line)));
    const raw = Buffer.concat([
      Buffer.from(`From: ivan@customer.example\r\nTo: help@parley.example\r\nSubject: Logs\r\nMessage-ID: <huge-${db}@customer.example>\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`),
      Buffer.from(body),
    ]);
    const outcome = await ingestRawMail(t.app.context, raw, source);
    if (outcome.result !== 'created') throw new Error(`not filed: ${JSON.stringify(outcome)}`);
    // Filing 30 MB held this process (client and server alike) for seconds, and the server's overdue keep-alive
    // timeouts are closing the client's idle pooled connections meanwhile: reusing one would be reset
    // (ECONNRESET). The next requests go on connections of their own.
    const stored = JSON.parse(await freshGet(`/api/v1/tickets/${outcome.ticketId}/items/${outcome.itemId}/body`)).body as string;

    const json = await freshGet(`/api/v1/tickets/${outcome.ticketId}`);
    expect(json.length).toBeLessThan(2 * 1024 * 1024);
    const item = JSON.parse(json).thread.find((i: { id: number }) => i.id === outcome.itemId);
    expect(item.truncated).toBe(true);
    expect(item.fullLength).toBe(Array.from(stored).length);
    expect(Array.from(item.body as string).length).toBeLessThanOrEqual(THREAD_BODY_PREVIEW_LENGTH);
    expect(Array.from(item.body as string).length).toBeGreaterThan(THREAD_BODY_PREVIEW_LENGTH - 16);
    expect(stored.startsWith(item.body)).toBe(true);
    expect(stored.length).toBeGreaterThan(20_000_000);
    expect(stored.startsWith(line)).toBe(true);

    // A short item says it is whole.
    const note = await t.admin.post(`/api/v1/tickets/${outcome.ticketId}/internal-notes`, { body: 'Looked at it.' });
    expect(note.body).toMatchObject({ body: 'Looked at it.', truncated: false, fullLength: 13 });
  });

  it('answers the whole body only to agents who may see the thread, and only for an item of that ticket', async () => {
    const first = await ingestRawMail(t.app.context, Buffer.from(`From: a@customer.example\r\nSubject: One\r\nMessage-ID: <one-${db}@customer.example>\r\n\r\nSecret one`), source);
    const second = await ingestRawMail(t.app.context, Buffer.from(`From: b@customer.example\r\nSubject: Two\r\nMessage-ID: <two-${db}@customer.example>\r\n\r\nSecret two`), source);
    if (first.result !== 'created' || second.result !== 'created') throw new Error('not filed');
    expect((await t.admin.get(`/api/v1/tickets/${first.ticketId}/items/${first.itemId}/body`)).body).toEqual({ id: first.itemId, body: 'Secret one' });
    const outsider = await t.agent({ departmentIds: [await t.department('Sales')] });
    const refused = await outsider.http.get(`/api/v1/tickets/${first.ticketId}/items/${first.itemId}/body`);
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ error: { code: 'ticket/not_found' } });
    const crossed = await t.admin.get(`/api/v1/tickets/${second.ticketId}/items/${first.itemId}/body`);
    expect(crossed.status).toBe(404);
    expect(crossed.body).toMatchObject({ error: { code: 'resource/not_found' } });
    expect(JSON.stringify(crossed.body)).not.toContain('Secret');
    expect((await t.admin.get(`/api/v1/tickets/${first.ticketId}/items/abc/body`)).status).toBe(400);
    expect((await fetch(`${t.baseUrl}/api/v1/tickets/${first.ticketId}/items/${first.itemId}/body`)).status).toBe(401);
  });
});
