import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';

describeEachDatabase('attachments', (db) => {
  let t: TestApp;
  let support: number;
  let billing: number;

  beforeAll(async () => {
    t = await createTestApp({ db, env: { MAX_UPLOAD_BYTES: '100000' } });
    support = await t.department('Support');
    billing = await t.department('Billing');
  });
  afterAll(() => t?.close());

  const upload = (client: ReturnType<TestApp['client']>, name: string, content: string | Uint8Array, type = 'text/plain') => {
    const form = new FormData();
    form.append('file', new Blob([content], { type }), name);
    return client.post('/api/v1/attachments', form);
  };

  it('streams an upload, binds it to a reply and serves it only to those who may see the ticket', async () => {
    const member = await t.agent({ departmentIds: [support] });
    const outsider = await t.agent({ departmentIds: [billing] });
    const file = await upload(member.http, '../../etc/pass"wd<script>.html', '<script>alert(1)</script>', 'text/html');
    expect(file.status).toBe(201);
    expect(file.body).toMatchObject({ filename: 'pass%22wd<script>.html', size: 25 });
    const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'Files', message: 'x', contact: { email: 'files@example.com' }, departmentId: support })).body.ticket;
    const reply = await member.http.post(`/api/v1/tickets/${ticket.id}/replies`, { body: 'see attached', attachmentIds: [file.body.id] });
    expect(reply.status).toBe(201);
    expect(reply.body.attachments).toEqual([expect.objectContaining({ id: file.body.id })]);

    const download = await member.http.get(file.body.url);
    expect(download.status).toBe(200);
    expect(download.body).toBe('<script>alert(1)</script>');
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
    expect((await outsider.http.get(file.body.url)).status).toBe(404);
    // Used once, it cannot be re-attached elsewhere.
    const reuse = await member.http.post(`/api/v1/tickets/${ticket.id}/internal-notes`, { body: 'again', attachmentIds: [file.body.id] });
    expect(reuse.body.error.code).toBe('attachment/not_found');
  });

  it('keeps a file name in any script as it was sent (UTF-8), in the listing and the download', async () => {
    const member = await t.agent({ departmentIds: [support] });
    const file = await upload(member.http, 'ekrānuzņēmums – счёт №5 – λογαριασμός.png', 'png bytes', 'image/png');
    expect(file.status).toBe(201);
    expect(file.body.filename).toBe('ekrānuzņēmums – счёт №5 – λογαριασμός.png');
    const download = await member.http.get(file.body.url);
    expect(download.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('ekrānuzņēmums – счёт №5 – λογαριασμός.png')}`);
  });

  it('refuses a file over the size limit and stores nothing', async () => {
    const res = await upload(t.admin, 'big.bin', new Uint8Array(150_000), 'application/octet-stream');
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('attachment/too_large');
  });

  it('refuses a non-multipart upload and another agent\'s unsent file', async () => {
    const res = await t.admin.post('/api/v1/attachments', { file: 'nope' });
    expect(res.status).toBe(415);
    const member = await t.agent({ departmentIds: [support] });
    const mine = await upload(member.http, 'mine.txt', 'mine');
    expect((await t.admin.get(mine.body.url)).status).toBe(404);
  });
});
