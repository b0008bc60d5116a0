import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';

describeEachDatabase('bad input is refused clearly and leaves nothing behind', (db) => {
  let t: TestApp;
  let ticketId: number;

  beforeAll(async () => {
    t = await createTestApp({ db, env: { MAX_JSON_BYTES: '20000' } });
    const res = await t.admin.post('/api/v1/tickets', { subject: 'Base', message: 'x', contact: { email: 'bad-input@example.com' } });
    ticketId = res.body.ticket.id;
  });
  afterAll(() => t?.close());

  const expectError = (res: { status: number; body: any }, status: number, code: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  };

  it('malformed JSON', async () => {
    expectError(await t.admin.request('POST', '/api/v1/tickets', '{"subject": "oops",', { 'content-type': 'application/json' }), 400, 'request/malformed_json');
  });

  it('unknown fields', async () => {
    const res = await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'hi', internal: true });
    expectError(res, 400, 'request/invalid');
    expect(res.body.error.message).toMatch(/internal|unrecognized/i);
  });

  it('wrong types and missing fields', async () => {
    expectError(await t.admin.post('/api/v1/tickets', { subject: 42, message: 'x', contact: { email: 'a@b.c' } }), 400, 'request/invalid');
    expectError(await t.admin.post('/api/v1/tickets', { message: 'x' }), 400, 'request/invalid');
    expectError(await t.admin.post(`/api/v1/tickets/${ticketId}/postpone`, { until: 'next week' }), 400, 'request/invalid');
    expectError(await t.admin.get('/api/v1/tickets/not-a-number'), 400, 'request/invalid');
    expectError(await t.admin.get('/api/v1/tickets?status=closed'), 400, 'request/invalid');
    expectError(await t.admin.post('/api/v1/tickets/to-solve', { please: true }), 400, 'request/invalid');
    // Ids in JSON bodies are numbers: no coercion of strings or booleans.
    expectError(await t.admin.post(`/api/v1/tickets/${ticketId}/assign`, { agentId: true }), 400, 'request/invalid');
    expectError(await t.admin.post(`/api/v1/tickets/${ticketId}/assign`, { departmentId: '1' }), 400, 'request/invalid');
  });

  it('an oversized body', async () => {
    expectError(await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'x'.repeat(30_000) }), 413, 'request/too_large');
  });

  it('unknown routes and missing tickets', async () => {
    expectError(await t.admin.get('/api/v1/nothing-here'), 404, 'resource/not_found');
    expectError(await t.admin.get('/api/v1/tickets/999999'), 404, 'ticket/not_found');
  });

  it('an invalid status change', async () => {
    expectError(await t.admin.post(`/api/v1/tickets/${ticketId}/reopen`), 409, 'ticket/invalid_transition');
  });

  it('a failed write leaves nothing half-written', async () => {
    const before = (await t.admin.get('/api/v1/tickets?limit=100')).body.items.length;
    // The contact would be created, then the missing attachment refuses the whole transaction.
    const res = await t.admin.post('/api/v1/tickets', {
      subject: 'Half',
      message: 'x',
      contact: { email: 'half-written@example.com' },
      attachmentIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expectError(res, 404, 'attachment/not_found');
    expect((await t.admin.get('/api/v1/tickets?limit=100')).body.items.length).toBe(before);
    expect((await t.admin.get('/api/v1/tickets?q=half-written')).body.items).toEqual([]);
  });

  it('keeps serving after all of it', async () => {
    expect((await t.admin.get(`/api/v1/tickets/${ticketId}`)).status).toBe(200);
  });
});
