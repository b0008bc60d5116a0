import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { removeAbandonedVisitorUploads } from '../src/jobs/abandoned-uploads.job.js';
import { Attachment } from '../src/modules/attachments/attachment.entity.js';
import { OutboxMail } from '../src/modules/mail/outbox-mail.entity.js';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, connectVisitor, emitWithAck, issueVisitor, recordEvents, type VisitorClientSocket } from './helpers/sockets.js';
import { freePort, startSmtpReceiver } from './helpers/smtp-receiver.js';

let sequence = 0;
const clientId = (label: string) => `${label}-${process.pid}-${++sequence}-abcdef`.replace(/[^A-Za-z0-9_-]/g, '_');
const ticketIdOf = (ack: any) => Number(ack.data.chat.number.replace('#', ''));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

/** A mail's text as written: quoted-printable soft breaks and escapes undone. */
function mailText(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function uploadForm(content: Uint8Array | string, filename: string, type: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : Buffer.from(content)], { type }), filename);
  return form;
}

async function visitorUpload(baseUrl: string, token: string | null, form: FormData): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/api/v1/widget/attachments`, { method: 'POST', body: form, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
  return { status: res.status, body: await res.json() };
}

describeEachDatabase('the chat conversation', (db) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let support: number;
  let billing: number;
  const open: VisitorClientSocket[] = [];
  const clock = new MutableClock();

  async function visitor(): Promise<{ visitorId: string; token: string; socket: VisitorClientSocket; session: any }> {
    const session = await issueVisitor(t.baseUrl);
    const socket = await connectVisitor(t.baseUrl, session.token);
    open.push(socket);
    return { ...session, session, socket };
  }

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtpReceiver(port);
    t = await createTestApp({
      db,
      clock,
      env: { VISITOR_REQUESTS_PER_HOUR: '10000', TYPING_LAPSE_MS: '300', VISITOR_MAX_UPLOAD_BYTES: '2048', SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Help <help@parley.test>' },
    });
    support = await t.department('Support');
    billing = await t.department('Billing');
  });
  afterAll(async () => {
    for (const socket of open) socket.close();
    await t?.close();
    await smtp?.close();
  });

  it('tells only that chat\'s visitor that an agent types, by name only, and lets a visitor\'s typing lapse', async () => {
    const member = await t.agent({ name: 'Tia Typist', departmentIds: [support] });
    const agentSocket = await connectAgent(t.baseUrl, { http: member.http });
    const agentEvents = recordEvents(agentSocket);
    const v = await visitor();
    const other = await visitor();
    const heard = recordEvents(v.socket);
    const otherHeard = recordEvents(other.socket);
    try {
      const start = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('t'), message: 'typing both ways', departmentId: support });
      await emitWithAck(other.socket, 'chat:start', { clientId: clientId('o'), message: 'someone else', departmentId: support });
      const ticketId = ticketIdOf(start);
      expect(await emitWithAck(agentSocket, 'ticket:watch', { ticketId })).toMatchObject({ ok: true });
      expect(await emitWithAck(agentSocket, 'ticket:typing', { ticketId, typing: true, reply: true })).toMatchObject({ ok: true });
      expect(await heard.waitFor('chat:agent_typing')).toEqual({ typing: true, name: 'Tia Typist' });
      await emitWithAck(agentSocket, 'ticket:typing', { ticketId, typing: false });
      expect(await heard.waitFor('chat:agent_typing', (p) => p.typing === false)).toEqual({ typing: false, name: 'Tia Typist' });

      // The visitor types and goes silent: after the lapse the agents hear it stopped, without the widget saying so.
      await emitWithAck(v.socket, 'chat:typing', { typing: true });
      await agentEvents.waitFor('chat:visitor_typing', (p) => p.ticketId === ticketId && p.typing === true);
      const started = Date.now();
      await agentEvents.waitFor('chat:visitor_typing', (p) => p.ticketId === ticketId && p.typing === false, 3000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);

      await pause(100);
      // The other visitor hears of their own chat only (its messages and its routing state), nothing of this one.
      expect(otherHeard.events.filter((e) => e.name !== 'chat:message' && e.name !== 'chat:state')).toEqual([]);
      expect(JSON.stringify(heard.events)).not.toMatch(/agentId|ticketId/);
    } finally {
      agentSocket.close();
    }
  });

  it('carries delivered and seen receipts both ways, and refuses an agent who cannot see the chat', async () => {
    const member = await t.agent({ name: 'Rita Reader', departmentIds: [support] });
    const outsider = await t.agent({ departmentIds: [billing] });
    const agentSocket = await connectAgent(t.baseUrl, { http: member.http });
    const outsiderSocket = await connectAgent(t.baseUrl, { http: outsider.http });
    const agentEvents = recordEvents(agentSocket);
    const v = await visitor();
    const heard = recordEvents(v.socket);
    try {
      const start = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('r'), message: 'please read me', departmentId: support });
      const ticketId = ticketIdOf(start);
      const first = start.data.message.id;
      await emitWithAck(agentSocket, 'ticket:watch', { ticketId });

      // The agent has the chat open: the visitor hears their message was seen.
      const marked = await emitWithAck(agentSocket, 'chat:mark_seen', { ticketId, upToItemId: first });
      expect(marked).toEqual({ ok: true, data: { ticketId, deliveredUpToItemId: null, seenUpToItemId: null, agentSeenUpToItemId: first } });
      expect(await heard.waitFor('chat:agent_seen')).toEqual({ upToItemId: first });
      expect((await emitWithAck(v.socket, 'chat:history', {})).data.agentSeenUpToItemId).toBe(first);

      // An agent outside the department can neither mark it seen nor learn it exists.
      expect(await emitWithAck(outsiderSocket, 'chat:mark_seen', { ticketId, upToItemId: first })).toMatchObject({ ok: false, error: { code: 'ticket/not_found' } });
      // An item of another ticket is refused.
      const otherVisitor = await visitor();
      const otherStart = await emitWithAck(otherVisitor.socket, 'chat:start', { clientId: clientId('x'), message: 'other', departmentId: support });
      expect(await emitWithAck(agentSocket, 'chat:mark_seen', { ticketId, upToItemId: otherStart.data.message.id })).toMatchObject({ ok: false, error: { code: 'resource/not_found' } });

      // The agent answers; the widget says it received the reply, then that the visitor saw it.
      const reply = await emitWithAck(agentSocket, 'ticket:reply', { ticketId, body: 'Read you.', clientId: clientId('reply') });
      await heard.waitFor('chat:message', (p) => p.id === reply.data.id);
      expect(await emitWithAck(v.socket, 'chat:received', { upToItemId: reply.data.id })).toEqual({ ok: true, data: { deliveredUpToItemId: reply.data.id, seenUpToItemId: null } });
      expect(await agentEvents.waitFor('chat:visitor_seen', (p) => p.deliveredUpToItemId === reply.data.id)).toEqual({ ticketId, deliveredUpToItemId: reply.data.id, upToItemId: null });
      expect(await emitWithAck(v.socket, 'chat:seen', { upToItemId: reply.data.id })).toEqual({ ok: true, data: { deliveredUpToItemId: reply.data.id, seenUpToItemId: reply.data.id } });
      expect(await agentEvents.waitFor('chat:visitor_seen', (p) => p.upToItemId === reply.data.id)).toEqual({ ticketId, deliveredUpToItemId: reply.data.id, upToItemId: reply.data.id });
      // An older receipt (another tab, a late retry) never takes "seen" back.
      expect(await emitWithAck(v.socket, 'chat:seen', { upToItemId: first })).toEqual({ ok: true, data: { deliveredUpToItemId: reply.data.id, seenUpToItemId: reply.data.id } });
      // The visitor can only name their own chat's items.
      expect(await emitWithAck(v.socket, 'chat:seen', { upToItemId: otherStart.data.message.id })).toMatchObject({ ok: false, error: { code: 'resource/not_found' } });
      expect(await emitWithAck(v.socket, 'chat:seen', { upToItemId: reply.data.id, ticketId })).toMatchObject({ ok: false, error: { code: 'request/invalid' } });
      const fresh = await visitor();
      expect(await emitWithAck(fresh.socket, 'chat:seen', { upToItemId: first })).toMatchObject({ ok: false, error: { code: 'chat/not_started' } });

      // The console learns both sides' receipts when it marks again.
      expect((await emitWithAck(agentSocket, 'chat:mark_seen', { ticketId, upToItemId: first })).data).toEqual({
        ticketId,
        deliveredUpToItemId: reply.data.id,
        seenUpToItemId: reply.data.id,
        agentSeenUpToItemId: first,
      });
    } finally {
      agentSocket.close();
      outsiderSocket.close();
    }
  });

  it('lets a visitor learn nothing of internal items: receipts, "seen" and typing alike', async () => {
    const member = await t.agent({ name: 'Nora Noter', departmentIds: [support] });
    const agentSocket = await connectAgent(t.baseUrl, { http: member.http });
    const v = await visitor();
    const heard = recordEvents(v.socket);
    try {
      const start = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('n'), message: 'anything hidden?', departmentId: support });
      const ticketId = ticketIdOf(start);
      const first = start.data.message.id as number;
      await emitWithAck(agentSocket, 'ticket:watch', { ticketId });

      // Writing a note is not typing to the visitor; writing a reply is.
      expect(await emitWithAck(agentSocket, 'ticket:typing', { ticketId, typing: true, reply: false })).toMatchObject({ ok: true });
      expect(await emitWithAck(agentSocket, 'ticket:typing', { ticketId, typing: true })).toMatchObject({ ok: true });
      const note = await emitWithAck(agentSocket, 'ticket:add_note', { ticketId, body: 'internal only', clientId: clientId('note') });
      await pause(150);
      expect(heard.events.filter((e) => e.name === 'chat:agent_typing' && e.payload.typing === true)).toEqual([]);

      // A receipt naming an internal note, a system event or a made-up id answers exactly as for any id out of reach.
      const system = ((await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread as { id: number; kind: string }[]).find((i) => i.kind === 'system_event');
      const answers = [];
      for (const id of [note.data.id, ...(system ? [system.id] : []), 99_999_999]) {
        answers.push(await emitWithAck(v.socket, 'chat:seen', { upToItemId: id }));
        answers.push(await emitWithAck(v.socket, 'chat:received', { upToItemId: id }));
      }
      for (const answer of answers) expect({ ...answer, error: { ...answer.error, message: undefined } }).toEqual({ ok: false, error: { code: 'resource/not_found', message: undefined } });
      expect(new Set(answers.map((a) => a.error.message.replace(/\d+/g, 'N'))).size).toBe(1);

      // The agent has read up to their own note: the visitor hears "seen" up to their message, never the note's id.
      const marked = await emitWithAck(agentSocket, 'chat:mark_seen', { ticketId, upToItemId: note.data.id });
      expect(marked.data.agentSeenUpToItemId).toBe(first);
      expect(await heard.waitFor('chat:agent_seen')).toEqual({ upToItemId: first });
      expect((await emitWithAck(v.socket, 'chat:history', {})).data.agentSeenUpToItemId).toBe(first);
      // The note's id is in none of the ids the visitor heard (any field named id or …Id, at any depth).
      const heardIds: unknown[] = [];
      JSON.stringify(heard.events, (key, value) => {
        if (/(^id|Id)$/.test(key)) heardIds.push(value);
        return value;
      });
      expect(heardIds).not.toContain(note.data.id);
    } finally {
      agentSocket.close();
    }
  });

  it('takes the visitor\'s files within the limits and only their own unused ones in a message', async () => {
    const member = await t.agent({ departmentIds: [support] });
    const v = await visitor();
    const other = await visitor();
    expect(v.session).toMatchObject({ transcriptByEmail: true, maxUploadBytes: 2048 });

    const picture = await visitorUpload(t.baseUrl, v.token, uploadForm(PNG, 'screenshot.png', 'image/png'));
    expect(picture).toMatchObject({ status: 201, body: { filename: 'screenshot.png', contentType: 'image/png', size: PNG.length, url: expect.stringMatching(/^\/api\/v1\/widget\/attachments\//) } });
    const tooLarge = await visitorUpload(t.baseUrl, v.token, uploadForm('x'.repeat(5000), 'big.txt', 'text/plain'));
    expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'attachment/too_large' } } });
    const html = await visitorUpload(t.baseUrl, v.token, uploadForm('<script>alert(1)</script>', 'page.html', 'text/html'));
    expect(html).toMatchObject({ status: 415, body: { error: { code: 'attachment/type_not_allowed' } } });
    const disguised = await visitorUpload(t.baseUrl, v.token, uploadForm('<script>alert(1)</script>', 'page.html', 'text/plain'));
    expect(disguised.status).toBe(415);
    expect((await visitorUpload(t.baseUrl, null, uploadForm(PNG, 'a.png', 'image/png'))).body).toMatchObject({ error: { code: 'visitor/token_invalid' } });
    const othersFile = await visitorUpload(t.baseUrl, other.token, uploadForm('%PDF-1.4', 'theirs.pdf', 'application/pdf'));
    expect(othersFile.status).toBe(201);

    const start = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('f'), message: 'here is my cart', departmentId: support, attachmentIds: [picture.body.id] });
    expect(start.ok).toBe(true);
    expect(start.data.message.attachments).toEqual([expect.objectContaining({ id: picture.body.id, filename: 'screenshot.png', url: `/api/v1/widget/attachments/${picture.body.id}` })]);
    const ticketId = ticketIdOf(start);
    // Another visitor's file, or one already sent, is refused and nothing is written.
    expect(await emitWithAck(v.socket, 'chat:message', { clientId: clientId('f'), body: 'theirs', attachmentIds: [othersFile.body.id] })).toMatchObject({ ok: false, error: { code: 'attachment/not_found' } });
    expect(await emitWithAck(v.socket, 'chat:message', { clientId: clientId('f'), body: 'again', attachmentIds: [picture.body.id] })).toMatchObject({ ok: false, error: { code: 'attachment/not_found' } });
    const thread = (await member.http.get(`/api/v1/tickets/${ticketId}`)).body.thread;
    expect(thread.filter((i: any) => i.kind === 'customer_message').map((i: any) => i.body)).toEqual(['here is my cart']);

    // The agent sees it in the ticket and downloads it; the visitor downloads it back; the other visitor cannot.
    const item = thread.find((i: any) => i.kind === 'customer_message');
    expect(item.attachments).toEqual([expect.objectContaining({ id: picture.body.id, contentType: 'image/png' })]);
    const asAgent = await fetch(`${t.baseUrl}${item.attachments[0].url}`, { headers: { cookie: member.http.cookie! } });
    expect(asAgent.status).toBe(200);
    expect(new Uint8Array(await asAgent.arrayBuffer())).toEqual(PNG);
    const asVisitor = await fetch(`${t.baseUrl}/api/v1/widget/attachments/${picture.body.id}`, { headers: { authorization: `Bearer ${v.token}` } });
    expect(asVisitor.status).toBe(200);
    expect((await fetch(`${t.baseUrl}/api/v1/widget/attachments/${picture.body.id}`, { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(404);
    // An agent cannot send a visitor's upload as their own either.
    expect((await member.http.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'x', attachmentIds: [othersFile.body.id] })).status).toBe(404);
  });

  it('deletes a visitor\'s files that were never sent after a day, and keeps those that were', async () => {
    const v = await visitor();
    const sent = await visitorUpload(t.baseUrl, v.token, uploadForm(PNG, 'sent.png', 'image/png'));
    const unsent = await visitorUpload(t.baseUrl, v.token, uploadForm(PNG, 'unsent.png', 'image/png'));
    await emitWithAck(v.socket, 'chat:start', { clientId: clientId('u'), message: 'with a file', attachmentIds: [sent.body.id] });
    const em = t.app.orm.em.fork();
    const unsentRow = await em.findOneOrFail(Attachment, { id: unsent.body.id });
    const path = join(t.app.context.config.storageDir, unsentRow.storageKey);
    expect(existsSync(path)).toBe(true);
    expect(await removeAbandonedVisitorUploads(t.app.context)).toBe(0);
    clock.advance(25 * 3600_000);
    try {
      // This one, and any other test's file left unsent.
      expect(await removeAbandonedVisitorUploads(t.app.context)).toBeGreaterThanOrEqual(1);
    } finally {
      clock.advance(-25 * 3600_000);
    }
    expect(await em.fork().findOne(Attachment, { id: unsent.body.id })).toBeNull();
    expect(existsSync(path)).toBe(false);
    expect(await em.fork().findOne(Attachment, { id: sent.body.id })).not.toBeNull();
  });

  it('ends the chat: agents see it, the transcript reaches the mail receiver without any internal note, and the next message starts a new chat', async () => {
    const member = await t.agent({ name: 'Eve Ender', departmentIds: [support] });
    const agentSocket = await connectAgent(t.baseUrl, { http: member.http });
    const agentEvents = recordEvents(agentSocket);
    const v = await visitor();
    const tab = await connectVisitor(t.baseUrl, v.token);
    open.push(tab);
    const tabHeard = recordEvents(tab);
    try {
      const start = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('e'), message: 'TRANSCRIPT-HELLO my order is late', departmentId: support, email: 'ender@example.com' });
      const ticketId = ticketIdOf(start);
      await emitWithAck(agentSocket, 'ticket:watch', { ticketId });
      await emitWithAck(agentSocket, 'ticket:reply', { ticketId, body: 'TRANSCRIPT-REPLY it ships today', clientId: clientId('r') });
      await emitWithAck(agentSocket, 'ticket:add_note', { ticketId, body: 'INTERNAL-NOTE customer is grumpy' });
      await emitWithAck(v.socket, 'chat:message', { clientId: clientId('e'), body: 'TRANSCRIPT-THANKS thank you' });

      const before = smtp.mails.length;
      const ended = await emitWithAck(v.socket, 'chat:end', { transcriptEmail: 'Ender@Example.com', locale: 'en' });
      expect(ended).toEqual({ ok: true, data: { number: start.data.chat.number, transcriptQueued: true, survey: { token: expect.stringMatching(/^pcs1\./) } } });
      const event = await agentEvents.waitFor('thread:item_created', (p) => p.ticketId === ticketId && p.kind === 'system_event' && p.systemEvent?.type === 'chat_ended');
      expect(event.systemEvent).toEqual({ type: 'chat_ended', by: 'visitor', transcriptRequested: true });
      expect(await tabHeard.waitFor('chat:ended')).toEqual({ number: start.data.chat.number });

      const mail = await (async () => {
        for (let i = 0; i < 100 && smtp.mails.length === before; i++) await pause(50);
        return smtp.mails.at(-1)!;
      })();
      expect(smtp.mails.length).toBe(before + 1);
      expect(mail.to).toEqual(['ender@example.com']);
      expect(mail.from).toBe('help@parley.test');
      const text = mailText(mail.raw);
      expect(text).toContain(`Subject: Your chat transcript (#${ticketId})`);
      for (const line of ['TRANSCRIPT-HELLO my order is late', 'TRANSCRIPT-REPLY it ships today', 'TRANSCRIPT-THANKS thank you', 'Eve Ender']) expect(text).toContain(line);
      expect(text).not.toContain('INTERNAL-NOTE');
      expect(text).not.toContain('grumpy');

      // The ticket carries on under the normal rules; the visitor's chat is over and the next message opens a new one.
      const ticket = (await member.http.get(`/api/v1/tickets/${ticketId}`)).body.ticket;
      expect(ticket.status).not.toBe('resolved');
      expect(await emitWithAck(v.socket, 'chat:history', {})).toEqual({ ok: true, data: { chat: null, messages: [], state: null } });
      expect(await emitWithAck(v.socket, 'chat:message', { clientId: clientId('e'), body: 'hello?' })).toMatchObject({ ok: false, error: { code: 'chat/not_started' } });
      expect(await emitWithAck(v.socket, 'chat:end', {})).toMatchObject({ ok: false, error: { code: 'chat/not_started' } });
      const next = await emitWithAck(v.socket, 'chat:start', { clientId: clientId('e'), message: 'a new question', departmentId: support });
      expect(ticketIdOf(next)).not.toBe(ticketId);

      // Ending without a transcript sends nothing.
      const sent = smtp.mails.length;
      expect((await emitWithAck(v.socket, 'chat:end', {})).data).toEqual({ number: next.data.chat.number, transcriptQueued: false, survey: null });
      await pause(200);
      expect(smtp.mails.length).toBe(sent);
    } finally {
      agentSocket.close();
    }
  });
});

describeEachDatabase('chat transcripts by email', (db) => {
  it('without SMTP_URL: the widget is told there is no transcript, and asking for one is refused with nothing changed', async () => {
    const t = await createTestApp({ db });
    try {
      const session = await issueVisitor(t.baseUrl);
      expect(session).toMatchObject({ transcriptByEmail: false });
      const socket = await connectVisitor(t.baseUrl, session.token);
      try {
        const start = await emitWithAck(socket, 'chat:start', { clientId: clientId('n'), message: 'no mail here' });
        expect(await emitWithAck(socket, 'chat:end', { transcriptEmail: 'me@example.com' })).toMatchObject({ ok: false, error: { code: 'mail/not_configured' } });
        expect((await emitWithAck(socket, 'chat:history', {})).data.chat.number).toBe(start.data.chat.number);
        expect((await emitWithAck(socket, 'chat:end', {})).ok).toBe(true);
      } finally {
        socket.close();
      }
    } finally {
      await t.close();
    }
  });

  it('keeps a transcript queued while the mail server is down and sends it, once, when it is back', async () => {
    const clock = new MutableClock();
    const port = await freePort();
    const t = await createTestApp({ db, clock, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, JOB_INTERVAL_MS: '100' } });
    let smtp: Awaited<ReturnType<typeof startSmtpReceiver>> | null = null;
    try {
      const session = await issueVisitor(t.baseUrl);
      const socket = await connectVisitor(t.baseUrl, session.token);
      try {
        await emitWithAck(socket, 'chat:start', { clientId: clientId('d'), message: 'RETRY-ME while the mail server sleeps' });
        expect((await emitWithAck(socket, 'chat:end', { transcriptEmail: 'later@example.com' })).data.transcriptQueued).toBe(true);
      } finally {
        socket.close();
      }
      const em = t.app.orm.em.fork();
      const failed = async () => {
        for (let i = 0; i < 100; i++) {
          const row = await em.fork().findOne(OutboxMail, { recipient: 'later@example.com' });
          if (row && row.attempts > 0) return row;
          await pause(50);
        }
        throw new Error('the first attempt never failed');
      };
      const row = await failed();
      expect(row).toMatchObject({ attempts: 1, sentAt: null, lastError: expect.any(String) });
      expect(row.nextAttemptAt!.getTime()).toBeGreaterThan(clock.now().getTime());

      // The receiver comes up; nothing is retried before the backoff has passed, then the job sends it once.
      smtp = await startSmtpReceiver(port);
      await pause(300);
      expect(smtp.mails).toHaveLength(0);
      clock.advance(60_000);
      const mail = await smtp.waitForMail();
      expect(mail.to).toEqual(['later@example.com']);
      expect(mailText(mail.raw)).toContain('RETRY-ME while the mail server sleeps');
      await pause(300);
      expect(smtp.mails).toHaveLength(1);
      expect(await em.fork().findOne(OutboxMail, { recipient: 'later@example.com' })).toMatchObject({ attempts: 2, sentAt: expect.any(Date), nextAttemptAt: null });
    } finally {
      await t.close();
      await smtp?.close();
    }
  });
});

describe('visitor upload limits configuration', () => {
  it('rate-limits a visitor\'s uploads (VISITOR_UPLOADS_PER_HOUR), per visitor', async () => {
    const t = await createTestApp({ env: { VISITOR_UPLOADS_PER_HOUR: '2' } });
    try {
      const one = await issueVisitor(t.baseUrl);
      const two = await issueVisitor(t.baseUrl);
      const send = (token: string) => visitorUpload(t.baseUrl, token, uploadForm(PNG, 'a.png', 'image/png'));
      expect((await send(one.token)).status).toBe(201);
      expect((await send(one.token)).status).toBe(201);
      expect(await send(one.token)).toMatchObject({ status: 429, body: { error: { code: 'request/rate_limited' } } });
      expect((await send(two.token)).status).toBe(201);
    } finally {
      await t.close();
    }
  });


  it('never lets a visitor upload more than the general upload limit', async () => {
    const { loadConfig } = await import('../src/config/env.js');
    expect(loadConfig({ MAX_UPLOAD_BYTES: '1000', VISITOR_MAX_UPLOAD_BYTES: '5000' }).limits.visitorUploadBytes).toBe(1000);
    expect(loadConfig({}).mail).toBeNull();
    expect(loadConfig({ SMTP_URL: 'smtp://mail.example:25', PUBLIC_URL: 'https://help.example.com' }).mail).toEqual({ smtpUrl: 'smtp://mail.example:25', from: 'Parley <noreply@help.example.com>' });
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL/);
  });
});
