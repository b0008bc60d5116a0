import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@parley/sdk';
import type { WebhookDeliveryDto, WebhookPayload } from '@parley/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A receiver on this machine: records every request, answers with the next status queued for its path (200 when none). */
async function startReceiver(): Promise<{ url: string; received: Received[]; answers: Map<string, number[]>; close(): Promise<void> }> {
  const received: Received[] = [];
  const answers = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const status = answers.get(req.url ?? '')?.shift() ?? 200;
      res.writeHead(status, status >= 300 && status < 400 ? { location: 'http://127.0.0.1:1/elsewhere' } : { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'thanks' : `no: ${status}`);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, answers, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describeEachDatabase('webhooks', (db) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const clock = new MutableClock(new Date('2027-03-27T10:00:00Z'));
  const payloads = (path: string) => receiver.received.filter((r) => r.path === path).map((r) => JSON.parse(r.body) as WebhookPayload);
  const deliveries = async (id: number) => (await t.admin.get(`/api/v1/webhooks/${id}/deliveries`)).body.items as WebhookDeliveryDto[];
  const settle = () => t.app.context.webhooks.outbox.deliverDue();

  beforeAll(async () => {
    t = await createTestApp({ db, clock });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const subscribe = async (path: string, body: Record<string, unknown>) => {
    const res = await t.admin.post('/api/v1/webhooks', { url: `${receiver.url}${path}`, allowPrivateNetwork: true, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: number; secret: string };
  };

  it('signs each event for the subscriptions that asked for it, internal notes only for those that asked for them', async () => {
    const open = await subscribe('/public', { events: ['ticket.created', 'message.created', 'ticket.status_changed'] });
    const all = await subscribe('/internal', { events: ['message.created'], includeInternal: true });
    expect(open.secret).toMatch(/^whsec_[0-9a-f]{64}$/);

    const created = await t.admin.post('/api/v1/tickets', { subject: 'Λογαριασμός', message: 'Χρεώθηκα δύο φορές.', channel: 'email', contact: { email: 'eleni@example.gr' } });
    const ticketId = created.body.ticket.id as number;
    expect((await t.admin.post(`/api/v1/tickets/${ticketId}/internal-notes`, { body: 'Secret: refund approved' })).status).toBe(201);
    expect((await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'Επιστρέψαμε τα χρήματα.' })).status).toBe(201);
    await expect.poll(() => payloads('/public').length).toBe(4);
    await expect.poll(() => payloads('/internal').length).toBe(3);

    const publicEvents = payloads('/public').map((p) => `${p.event}:${(p.data.item as { kind?: string } | undefined)?.kind ?? ''}`);
    expect(publicEvents.sort()).toEqual(['message.created:agent_reply', 'message.created:customer_message', 'ticket.created:', 'ticket.status_changed:'].sort());
    expect(receiver.received.filter((r) => r.path === '/public').some((r) => r.body.includes('refund approved'))).toBe(false);
    expect(payloads('/internal').map((p) => (p.data.item as { kind: string }).kind).sort()).toEqual(['agent_reply', 'customer_message', 'internal_note']);

    // Every delivery is signed with its subscription's secret, and the SDK's check accepts it.
    for (const request of receiver.received.filter((r) => r.path === '/public')) {
      const verified = await verifyWebhook({ secret: open.secret, signatureHeader: request.headers['parley-signature'] as string, rawBody: request.body, now: clock.now().getTime() });
      expect(verified.data.ticket).toMatchObject({ id: ticketId, subject: 'Λογαριασμός' });
      expect(request.headers['parley-delivery']).toBe(verified.id);
      await expect(verifyWebhook({ secret: all.secret, signatureHeader: request.headers['parley-signature'] as string, rawBody: request.body, now: clock.now().getTime() })).rejects.toThrow();
    }
    const log = await deliveries(open.id);
    expect(log.every((d) => d.state === 'delivered' && d.attempts === 1 && d.responseStatus === 200 && d.responseBody === 'thanks')).toBe(true);
  });

  it('tells of each new contact once, however it was made, and not of a known customer writing again', async () => {
    await subscribe('/contacts', { events: ['contact.created'] });
    const byApi = await t.admin.post('/api/v1/contacts', { name: 'Ilze Ozola', emails: ['ilze@example.lv'] });
    expect(byApi.status).toBe(201);
    const byTicket = await t.admin.post('/api/v1/tickets', { subject: 'New here', message: 'x', channel: 'email', contact: { email: 'new-customer@example.com' } });
    expect(byTicket.status).toBe(201);
    expect((await t.client().post('/api/v1/public/tickets', { subject: 'Form', message: 'y', email: 'form-writer@example.com', name: 'Fiona' })).status).toBe(201);
    // The same customers again: no new contact, nothing told.
    await t.admin.post('/api/v1/tickets', { subject: 'Again', message: 'z', channel: 'email', contact: { email: 'new-customer@example.com' } });
    await t.admin.post('/api/v1/tickets', { subject: 'Known', message: 'z', channel: 'email', contact: { id: byApi.body.id } });
    await expect.poll(() => payloads('/contacts').length).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await settle();
    const told = payloads('/contacts');
    expect(told).toHaveLength(3);
    expect(told.every((p) => p.event === 'contact.created' && p.data.ticket === undefined)).toBe(true);
    expect(told.map((p) => (p.data.contact as { emails: string[] }).emails[0]).sort()).toEqual(['form-writer@example.com', 'ilze@example.lv', 'new-customer@example.com']);
    expect(told.find((p) => (p.data.contact as { id: number }).id === byApi.body.id)?.data.contact).toMatchObject({ name: 'Ilze Ozola' });
  });

  it('retries a failed delivery with the same id, gives up after a day and switches the subscription off with the reason', async () => {
    const flaky = await subscribe('/flaky', { events: ['ticket.created'] });
    receiver.answers.set('/flaky', [500, 302]);
    await t.admin.post('/api/v1/tickets', { subject: 'Retry me', message: 'x', channel: 'email', contact: { email: 'r@example.com' } });
    await expect.poll(async () => (await deliveries(flaky.id))[0]?.attempts).toBe(1);
    expect((await deliveries(flaky.id))[0]).toMatchObject({ state: 'pending', responseStatus: 500, error: 'answered 500' });
    clock.advance(31_000);
    await settle();
    expect((await deliveries(flaky.id))[0]).toMatchObject({ state: 'pending', attempts: 2, responseStatus: 302, error: expect.stringContaining('redirects are not followed') });
    clock.advance(61_000);
    await settle();
    const [done] = await deliveries(flaky.id);
    expect(done).toMatchObject({ state: 'delivered', attempts: 3 });
    const ids = payloads('/flaky').map((p) => p.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids)).toEqual(new Set([done!.eventId]));

    // A receiver that never answers well: retried with backoff, given up a day later, the subscription switched off.
    const dead = await subscribe('/dead', { events: ['ticket.created'] });
    receiver.answers.set('/dead', Array.from({ length: 40 }, () => 503));
    await t.admin.post('/api/v1/tickets', { subject: 'Nobody home', message: 'x', channel: 'email', contact: { email: 'd@example.com' } });
    await expect.poll(async () => (await deliveries(dead.id))[0]?.attempts).toBe(1);
    for (let hour = 0; hour < 26; hour++) {
      clock.advance(60 * 60 * 1000);
      await settle();
    }
    const [given] = await deliveries(dead.id);
    expect(given).toMatchObject({ state: 'failed', nextAttemptAt: null, responseStatus: 503 });
    expect(given!.attempts).toBeGreaterThan(10);
    const off = ((await t.admin.get('/api/v1/webhooks')).body.items as { id: number; enabled: boolean; disabledReason: string | null }[]).find((w) => w.id === dead.id);
    expect(off).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('answered 503') });
    receiver.answers.delete('/dead');

    // "Send again": the same event, delivered now; switching the subscription on clears the reason.
    expect((await t.admin.patch(`/api/v1/webhooks/${dead.id}`, { enabled: true })).body).toMatchObject({ enabled: true, disabledReason: null });
    const resent = await t.admin.post(`/api/v1/webhooks/${dead.id}/deliveries/${given!.id}/resend`, {});
    expect(resent.status).toBe(200);
    await expect.poll(async () => (await deliveries(dead.id))[0]?.state).toBe('delivered');
    expect(payloads('/dead').at(-1)!.id).toBe(given!.eventId);
  });

  it('refuses loopback and private addresses, written as such or behind a name, unless the administrator allowed them', async () => {
    const guarded = await t.admin.post('/api/v1/webhooks', { url: `${receiver.url}/guarded`, events: ['ticket.created'] });
    const byName = await t.admin.post('/api/v1/webhooks', { url: `${receiver.url.replace('127.0.0.1', 'localhost')}/by-name`, events: ['ticket.created'] });
    await t.admin.post('/api/v1/tickets', { subject: 'SSRF?', message: 'x', channel: 'email', contact: { email: 's@example.com' } });
    await expect.poll(async () => (await deliveries(guarded.body.id))[0]?.attempts).toBe(1);
    await expect.poll(async () => (await deliveries(byName.body.id))[0]?.attempts).toBe(1);
    expect((await deliveries(guarded.body.id))[0]!.error).toContain('127.0.0.1 is not a public address');
    expect((await deliveries(byName.body.id))[0]!.error).toMatch(/localhost resolves to .* which is not a public address/);
    expect(receiver.received.some((r) => r.path === '/guarded' || r.path === '/by-name')).toBe(false);
  });

  it('is for administrators only, checks what it is given, and records changes in the audit log', async () => {
    const agent = await t.agent({ name: 'Plain agent' });
    expect((await agent.http.get('/api/v1/webhooks')).status).toBe(403);
    expect((await agent.http.post('/api/v1/webhooks', { url: 'https://example.com/hook', events: ['ticket.created'] })).status).toBe(403);
    for (const url of ['ftp://example.com/x', 'https://user:pw@example.com/x', 'not a url', `https://example.com/${'x'.repeat(2100)}`]) {
      const res = await t.admin.post('/api/v1/webhooks', { url, events: ['ticket.created'] });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe('request/invalid');
    }
    expect((await t.admin.post('/api/v1/webhooks', { url: 'https://example.com/x', events: [] })).status).toBe(400);
    expect((await t.admin.post('/api/v1/webhooks', { url: 'https://example.com/x', events: ['ticket.exploded'] })).status).toBe(400);
    expect((await t.admin.get('/api/v1/webhooks/999999/deliveries')).status).toBe(404);

    const made = await t.admin.post('/api/v1/webhooks', { url: 'https://example.com/x', events: ['ticket.created'], description: 'CRM' });
    const rotated = await t.admin.post(`/api/v1/webhooks/${made.body.id}/secret`, {});
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(made.body.secret);
    expect(JSON.stringify((await t.admin.get('/api/v1/webhooks')).body)).not.toContain('whsec_');
    expect((await t.admin.delete(`/api/v1/webhooks/${made.body.id}`)).status).toBe(200);
    const audit = (await t.admin.get('/api/v1/audit-log?limit=50')).body.items as { action: string; target: { id: number } }[];
    const mine = audit.filter((entry) => entry.target?.id === made.body.id).map((entry) => entry.action);
    expect(mine).toEqual(expect.arrayContaining(['webhook.created', 'webhook.secret_rotated', 'webhook.deleted']));
    expect(JSON.stringify(audit)).not.toContain(made.body.secret);
  });
});
