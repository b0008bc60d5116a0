import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/create-test-app.js';
import { connectVisitor, emitWithAck, issueVisitor, type VisitorClientSocket } from './helpers/sockets.js';

/** A visitor's socket is rate-limited per visitor: a flood is refused before it reaches the database. */
describe('visitor command rate limit', () => {
  let t: TestApp;
  const sockets: VisitorClientSocket[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { VISITOR_COMMANDS_PER_MINUTE: '4' } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  it('refuses commands past the limit with request/rate_limited and stores none of them', async () => {
    const issued = await issueVisitor(t.baseUrl);
    const socket = await connectVisitor(t.baseUrl, issued.token);
    sockets.push(socket);
    const started = await emitWithAck(socket, 'chat:start', { clientId: 'flood-start-000001', message: 'Hello' });
    expect(started.ok).toBe(true);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await emitWithAck(socket, 'chat:message', { clientId: `flood-msg-00000${i}`, body: `message ${i}` }));
    expect(answers.map((a) => a.ok)).toEqual([true, true, true, false, false, false]);
    expect(answers[3]).toEqual({ ok: false, error: expect.objectContaining({ code: 'request/rate_limited' }) });
    // The ticket number is the ticket's id.
    const ticketId = Number(started.data.chat.number);
    const thread = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread as { kind: string }[];
    expect(thread.filter((item) => item.kind === 'customer_message')).toHaveLength(4);

    // Another visitor has an allowance of their own.
    const other = await issueVisitor(t.baseUrl);
    const otherSocket = await connectVisitor(t.baseUrl, other.token);
    sockets.push(otherSocket);
    expect((await emitWithAck(otherSocket, 'chat:start', { clientId: 'other-start-000001', message: 'Hi' })).ok).toBe(true);
  });
});
