import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';

/**
 * Issue 11: a forged list cursor answered 500 (`no such column: NaN`), and so did bad percent-encoding in a
 * path id. Malformed input is a 400 with a stable code, wherever it is sent.
 */
describeEachDatabase('malformed addresses and cursors', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ db });
    await t.admin.post('/api/v1/tickets', { subject: 'One', message: 'x', contact: { email: 'one@example.com' } });
  });
  afterAll(() => t?.close());

  const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('refuses forged ticket-list cursors with request/invalid_cursor', async () => {
    const forged = [
      forge({ s: '-waiting', v: 'not a time', id: 1 }),
      forge({ s: '-waiting', v: { $gt: 1 }, id: 1 }),
      forge({ s: '-waiting', v: null, id: 'NaN' }),
      forge({ s: '-waiting', v: null, id: -5 }),
      forge({ s: '-created', v: '2026-01-01T00:00:00.000Z', id: 1 }),
      forge([1, 2, 3]),
      forge(null),
      'not base64 at all!',
      '%%%',
    ];
    for (const cursor of forged) {
      const res = await t.admin.get(`/api/v1/tickets?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, cursor).toBe(400);
      expect(res.body.error.code, cursor).toBe('request/invalid_cursor');
    }
    // A cursor the list wrote still works.
    const page = await t.admin.get('/api/v1/tickets?limit=1');
    if (page.body.nextCursor) expect((await t.admin.get(`/api/v1/tickets?limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`)).status).toBe(200);
    expect((await t.admin.get(`/api/v1/contacts?cursor=${encodeURIComponent('1e3')}`)).body.error.code).toBe('request/invalid_cursor');
  });

  it('answers bad percent-encoding in a path with request/invalid_path, on every kind of route', async () => {
    for (const path of ['/api/v1/tickets/%E0%A4%A', '/api/v1/contacts/%C3%28', '/api/v1/attachments/%ZZ', '/api/v1/tickets/1/items/%E0/body']) {
      const res = await t.admin.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code, path).toBe('request/invalid_path');
    }
  });
});
