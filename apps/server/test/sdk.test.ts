import { connectAgentSocket, createParleyClient, ParleyApiError, type ParleyAgentSocket, sendAgentCommand } from '@parley/sdk';
import type { ThreadItemDto } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/create-test-app.js';

/**
 * @parley/sdk against a running server: the README's example (create a ticket, hear its replies live), a
 * socket command, and refusals as typed errors. Every type here is the protocol's, through the SDK.
 */
describe('@parley/sdk against a running server', () => {
  let t: TestApp;
  let token: string;
  let socket: ParleyAgentSocket | null = null;

  beforeAll(async () => {
    t = await createTestApp();
    token = (await t.admin.post('/api/v1/api-tokens', { name: 'SDK' })).body.token;
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
  });

  it('creates a ticket and hears a colleague’s reply to it over the agent socket', async () => {
    const parley = createParleyClient({ baseUrl: t.baseUrl, token });
    const { ticket } = await parley.call('createTicket', {
      body: { subject: 'Принтерът не печата', message: 'От вчера не печата нищо.', channel: 'email', contact: { email: 'ivan@example.bg', name: 'Иван' } },
    });
    expect(ticket).toMatchObject({ subject: 'Принтерът не печата', status: 'new', contact: { email: 'ivan@example.bg' } });

    socket = connectAgentSocket({ baseUrl: t.baseUrl, token });
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', resolve);
      socket!.once('connect_error', reject);
    });
    const heard: ThreadItemDto[] = [];
    socket.on('thread:item_created', (item) => heard.push(item));
    const watching = await sendAgentCommand(socket, 'ticket:watch', { ticketId: ticket.id });
    expect(watching.ticketId).toBe(ticket.id);

    const colleague = await t.agent({ name: 'Мария', role: 'administrator' });
    expect((await colleague.http.post(`/api/v1/tickets/${ticket.id}/replies`, { body: 'Рестартирайте принтера, моля.' })).status).toBe(201);
    await expect.poll(() => heard.find((item) => item.kind === 'agent_reply')?.body).toBe('Рестартирайте принтера, моля.');

    // A command over the socket, answered once committed, and the ticket as the REST API now shows it.
    const note = await sendAgentCommand(socket, 'ticket:add_note', { ticketId: ticket.id, body: 'Проверено от SDK.' });
    expect(note).toMatchObject({ kind: 'internal_note', body: 'Проверено от SDK.' });
    const detail = await parley.call('getTicket', { params: { id: ticket.id } });
    expect(detail.thread.map((item) => item.kind)).toEqual(expect.arrayContaining(['customer_message', 'agent_reply', 'internal_note']));
    expect(detail.ticket.status).toBe('answered');

    const page = await parley.call('listTickets', { query: { status: ['answered'], limit: 10 } });
    expect(page.items.map((item) => item.id)).toContain(ticket.id);
  });

  it('refuses with the server’s code: a missing ticket, a forbidden command, a revoked token', async () => {
    const parley = createParleyClient({ baseUrl: t.baseUrl, token });
    await expect(parley.call('getTicket', { params: { id: 987_654 } })).rejects.toMatchObject({ status: 404, code: expect.stringMatching(/not_found/) });
    const invalid = await parley.call('createCompany', { body: { name: '' } }).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(ParleyApiError);
    expect(invalid).toMatchObject({ status: 400, code: 'request/invalid' });
    await expect(sendAgentCommand(socket!, 'ticket:add_note', { ticketId: 987_654, body: 'x' })).rejects.toMatchObject({ code: expect.stringMatching(/not_found/) });

    const tokens = (await t.admin.get('/api/v1/api-tokens')).body.items as { id: number; name: string }[];
    const closed = new Promise<string>((resolve) => socket!.once('disconnect', (reason) => resolve(reason)));
    expect((await t.admin.delete(`/api/v1/api-tokens/${tokens.find((one) => one.name === 'SDK')!.id}`)).status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    await expect(parley.call('listTickets')).rejects.toMatchObject({ status: 401 });
  });
});
