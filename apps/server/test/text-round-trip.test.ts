import { MESSAGE_BODY_MAX_LENGTH, NOTE_BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, TAG_MAX_LENGTH } from '@parley/domain';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestRawMail } from '../src/modules/email/ingest-mail.js';
import { Department } from '../src/modules/organisation/department.entity.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import { type AgentClientSocket, connectAgent, connectVisitor, emitWithAck, issueVisitor, type VisitorClientSocket } from './helpers/sockets.js';

/**
 * Text from every Unicode plane, each short enough for the shortest text field (a team channel's name, 80).
 * None starts or ends with white space: request fields are trimmed on purpose.
 */
const SAMPLES = {
  bmp: 'Привет, мир · Γειά σου κόσμε · Ģērbšanās ķēķī, ļoti ņiprs ūdens',
  astral: '😀🎉🦄 𠀀𠜎𡃁𪚲 𝄞𝔸',
  tags: '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} 葛\u{E0100} \u{E0001}\u{E0065}\u{E006E}',
  privateUse: '\u{F0000}\u{FFFFD} \u{100000}\u{10FFFD} \uE000\uF8FF',
  zwj: '👩\u200D👩\u200D👧\u200D👦 🧑🏽\u200D💻 🏳\uFE0F\u200D🌈 क्\u200Dष',
  combining: 'e\u0301 Z\u0324\u0354\u0367\u0311\u0313 a\u0308\u0316 \u1100\u1161\u11A8 n\u0303\u0303',
  rtl: '\u200Fשלום\u200E مرحبا \u202Bعربي\u202C \u2067isolate\u2069 ابجد',
  edges: 'BOM\uFEFFinside \uFFFD \uFFFE\uFFFF\uFDD0 \u{10FFFF} \u0001\u001F\u007F\u0085',
} as const;
/** Bodies keep their lines and tabs; one-line fields (subjects) fold white space on purpose. */
const ALL = `${Object.values(SAMPLES).join(' | ')}\ttab\r\nCRLF\nLF\n\n\u2028paragraph`;

/** Code points in hex, so a failure shows which character changed rather than two look-alike strings. */
const codePoints = (text: unknown) => (typeof text === 'string' ? [...text].map((c) => c.codePointAt(0)!.toString(16)).join(' ') : text);
const expectExact = (got: unknown, want: string) => {
  expect(codePoints(got)).toBe(codePoints(want));
  expect(got).toBe(want);
};

/** `length` code points (what the schemas count) of mixed-plane text, not ending in white space. */
function longText(length: number): string {
  const unit = Array.from(`${ALL} `);
  const points = Array.from({ length }, (_, i) => unit[i % unit.length]!);
  if (/\s/.test(points[length - 1]!)) points[length - 1] = 'x';
  return points.join('');
}

let sequence = 0;
const clientId = () => `text-${process.pid}-${++sequence}-abcdef`;

describeEachDatabase('any text round-trips exactly, or is refused with request/invalid_text', (db) => {
  let t: TestApp;
  let support: number;
  const sockets: (AgentClientSocket | VisitorClientSocket)[] = [];

  beforeAll(async () => {
    t = await createTestApp({ db, env: { VISITOR_REQUESTS_PER_HOUR: '10000', VISITOR_COMMANDS_PER_MINUTE: '10000' } });
    support = await t.department('Support');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  const agentSocket = async (http = t.admin) => {
    const socket = await connectAgent(t.baseUrl, { http });
    sockets.push(socket);
    return socket;
  };
  const visitorSocket = async () => {
    const socket = await connectVisitor(t.baseUrl, (await issueVisitor(t.baseUrl)).token);
    sockets.push(socket);
    return socket;
  };
  const newTicket = async (subject = 'Text', message = 'x') => {
    const res = await t.admin.post('/api/v1/tickets', { subject, message, contact: { email: `text-${++sequence}@example.com` } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.ticket.id as number;
  };
  const thread = async (ticketId: number) => (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.thread as { id: number; kind: string; body: string }[];
  const ticketCount = async () => (await t.admin.get('/api/v1/tickets/count')).body.count as number;

  /** The column's bytes as the database holds them, in hex: not what any layer above made of them. */
  const storedHex = async (table: string, column: string, id: number) => {
    const sql =
      db === 'sqlite'
        ? `select lower(hex(${column})) as hex from ${table} where id = ?`
        : `select encode(convert_to(${column}, 'UTF8'), 'hex') as hex from ${table} where id = ?`;
    const [row] = await t.app.orm.em.fork().getConnection().execute<{ hex: string }[]>(sql, [id]);
    return row?.hex;
  };

  it('a ticket: its subject, its first message and its new contact\'s name, each sample alone, stored byte for byte', async () => {
    for (const [label, text] of Object.entries(SAMPLES)) {
      const created = await t.admin.post('/api/v1/tickets', { subject: text, message: ALL, contact: { email: `ticket-${label}@example.com`, name: text } });
      expect(created.status, `${label}: ${JSON.stringify(created.body)}`).toBe(201);
      const read = await t.admin.get(`/api/v1/tickets/${created.body.ticket.id}`);
      expectExact(read.body.ticket.subject, text);
      expectExact(read.body.ticket.contact.name, text);
      expectExact(read.body.thread[0].body, ALL);
      expect(await storedHex('ticket', 'subject', created.body.ticket.id)).toBe(Buffer.from(text, 'utf8').toString('hex'));
      expect(await storedHex('thread_item', 'body', read.body.thread[0].id)).toBe(Buffer.from(ALL, 'utf8').toString('hex'));
    }
  });

  it('replies and internal notes, over REST and over the agent socket', async () => {
    const ticketId = await newTicket();
    const reply = await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: ALL });
    const note = await t.admin.post(`/api/v1/tickets/${ticketId}/internal-notes`, { body: ALL });
    expect([reply.status, note.status]).toEqual([201, 201]);
    const socket = await agentSocket();
    const socketReply = await emitWithAck(socket, 'ticket:reply', { ticketId, body: ALL, clientId: clientId() });
    const socketNote = await emitWithAck(socket, 'ticket:add_note', { ticketId, body: ALL, clientId: clientId() });
    expect([socketReply.ok, socketNote.ok], JSON.stringify([socketReply, socketNote])).toEqual([true, true]);
    expectExact(socketReply.data.body, ALL);
    const items = await thread(ticketId);
    for (const id of [reply.body.id, note.body.id, socketReply.data.id, socketNote.data.id]) expectExact(items.find((i) => i.id === id)?.body, ALL);
  });

  it('ticket and contact notes, written and edited', async () => {
    const ticketId = await newTicket();
    expect((await t.admin.put(`/api/v1/tickets/${ticketId}/note`, { body: SAMPLES.bmp })).status).toBe(200);
    expect((await t.admin.put(`/api/v1/tickets/${ticketId}/note`, { body: ALL })).status).toBe(200);
    expectExact((await t.admin.get(`/api/v1/tickets/${ticketId}/note`)).body.note.body, ALL);

    const contact = await t.admin.post('/api/v1/contacts', { emails: ['notes@example.com'] });
    const note = await t.admin.post(`/api/v1/contacts/${contact.body.id}/notes`, { body: SAMPLES.astral });
    expect(note.status).toBe(201);
    const second = await t.admin.post(`/api/v1/contacts/${contact.body.id}/notes`, { body: SAMPLES.rtl });
    expect((await t.admin.patch(`/api/v1/contacts/${contact.body.id}/notes/${note.body.id}`, { body: ALL })).status).toBe(200);
    const notes = (await t.admin.get(`/api/v1/contacts/${contact.body.id}/notes`)).body.items as { id: number; body: string }[];
    expectExact(notes.find((n) => n.id === note.body.id)?.body, ALL);
    expectExact(notes.find((n) => n.id === second.body.id)?.body, SAMPLES.rtl);
  });

  it('contact names, created and renamed', async () => {
    for (const [label, text] of Object.entries(SAMPLES)) {
      const created = await t.admin.post('/api/v1/contacts', { name: text, emails: [`name-${label}@example.com`] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expectExact((await t.admin.get(`/api/v1/contacts/${created.body.id}`)).body.name, text);
      const renamed = `${text} ${SAMPLES.zwj}`;
      expect((await t.admin.patch(`/api/v1/contacts/${created.body.id}`, { name: renamed })).status).toBe(200);
      expectExact((await t.admin.get(`/api/v1/contacts/${created.body.id}`)).body.name, renamed);
    }
  });

  it('team chat: channel names over REST, messages over the socket, read back in the history', async () => {
    const socket = await agentSocket();
    for (const text of Object.values(SAMPLES)) {
      const channel = await t.admin.post('/api/v1/team/channels', { name: text });
      expect(channel.status, JSON.stringify(channel.body)).toBe(201);
      expectExact(channel.body.name, text);
      const sent = await emitWithAck(socket, 'team:send', { conversationId: channel.body.id, clientId: clientId(), body: ALL });
      expect(sent.ok, JSON.stringify(sent)).toBe(true);
      const history = (await t.admin.get(`/api/v1/team/conversations/${channel.body.id}/messages`)).body.items as { body: string }[];
      expectExact(history[0]?.body, ALL);
      const listed = (await t.admin.get('/api/v1/team/conversations')).body.items as { id: number; name: string }[];
      expectExact(listed.find((c) => c.id === channel.body.id)?.name, text);
    }
  });

  it('a visitor\'s chat: the name and messages over the visitor socket, as the agent and the visitor read them back', async () => {
    const socket = await visitorSocket();
    const start = await emitWithAck(socket, 'chat:start', { clientId: clientId(), message: ALL, name: SAMPLES.combining, departmentId: support });
    expect(start.ok, JSON.stringify(start)).toBe(true);
    const next = await emitWithAck(socket, 'chat:message', { clientId: clientId(), body: SAMPLES.tags });
    expect(next.ok, JSON.stringify(next)).toBe(true);
    const ticketId = Number(start.data.chat.number.replace('#', ''));
    const detail = (await t.admin.get(`/api/v1/tickets/${ticketId}`)).body;
    expectExact(detail.ticket.contact.name, SAMPLES.combining);
    expectExact(detail.thread.find((i: { id: number }) => i.id === start.data.message.id)?.body, ALL);
    expectExact(detail.thread.find((i: { id: number }) => i.id === next.data.message.id)?.body, SAMPLES.tags);
    const history = await emitWithAck(socket, 'chat:history', {});
    expect(history.data.messages.map((m: { body: string }) => codePoints(m.body))).toEqual([codePoints(ALL), codePoints(SAMPLES.tags)]);
  });

  it('saved views: names, and the search text kept in their filters', async () => {
    for (const text of Object.values(SAMPLES)) {
      const created = await t.admin.post('/api/v1/views', { name: text, filters: { q: text } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const view = ((await t.admin.get('/api/v1/views')).body.items as { id: number; name: string; filters: { q?: string } }[]).find((v) => v.id === created.body.id);
      expectExact(view?.name, text);
      expectExact(view?.filters.q, text);
    }
  });

  it('the longest message the API allows round-trips; a longer one, or a body over the JSON limit, is refused with the error shape', async () => {
    const ticketId = await newTicket();
    const longest = longText(MESSAGE_BODY_MAX_LENGTH);
    const reply = await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: longest });
    expect(reply.status).toBe(201);
    expectExact((await thread(ticketId)).find((i) => i.id === reply.body.id)?.body, longest);

    const socket = await visitorSocket();
    const start = await emitWithAck(socket, 'chat:start', { clientId: clientId(), message: longest });
    expect(start.ok, JSON.stringify(start).slice(0, 300)).toBe(true);
    const chatTicket = Number(start.data.chat.number.replace('#', ''));
    expectExact((await thread(chatTicket)).find((i) => i.id === start.data.message.id)?.body, longest);

    const tooLong = await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: `${longest}x` });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual({ error: expect.objectContaining({ code: 'request/invalid', message: expect.any(String) }) });
    // About a megabyte of two-byte letters: over MAX_JSON_BYTES (1 MiB by default) before any field is looked at.
    const huge = await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'Ж'.repeat(540_000) });
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual({ error: expect.objectContaining({ code: 'request/too_large', message: expect.any(String) }) });
    expect((await thread(ticketId)).filter((i) => i.kind === 'agent_reply')).toHaveLength(1);
  });

  it('limits count characters, as the schemas and PostgreSQL do, not UTF-16 units: astral text fills a field to its limit', async () => {
    const subject = '𠜎'.repeat(SUBJECT_MAX_LENGTH);
    const created = await t.admin.post('/api/v1/tickets', { subject, message: '😀'.repeat(MESSAGE_BODY_MAX_LENGTH), contact: { email: 'astral-limits@example.com' } });
    expect(created.status, JSON.stringify(created.body).slice(0, 300)).toBe(201);
    const ticketId = created.body.ticket.id as number;
    expectExact((await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.ticket.subject, subject);
    expect((await t.admin.put(`/api/v1/tickets/${ticketId}/subject`, { subject: `${subject}x` })).status).toBe(400);

    const note = '🦄'.repeat(NOTE_BODY_MAX_LENGTH);
    expect((await t.admin.put(`/api/v1/tickets/${ticketId}/note`, { body: note })).status).toBe(200);
    expectExact((await t.admin.get(`/api/v1/tickets/${ticketId}/note`)).body.note.body, note);

    const tag = '🏷'.repeat(TAG_MAX_LENGTH);
    const tagged = await t.admin.put(`/api/v1/tickets/${ticketId}/tags`, { tags: [tag, 'ǧērbšanās'] });
    expect(tagged.status).toBe(200);
    expect((await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.ticket.tags.map(codePoints)).toEqual([tag, 'ǧērbšanās'].map(codePoints));
  });

  const expectInvalidText = (res: { status: number; body: any }, path?: string) => {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toEqual({ error: { code: 'request/invalid_text', message: expect.any(String), details: expect.any(Object) } });
    if (path !== undefined) expect(res.body.error.details.path).toBe(path);
  };
  const BROKEN = { nul: 'before\u0000after', loneHigh: 'before\uD800after', loneLow: 'before\uDC00after', reversed: 'before\uDC00\uD83Dafter', highAtEnd: 'ends in \uD83D' };

  it('NUL and unpaired surrogates are refused over REST, wherever they are, and nothing is written', async () => {
    const tickets = await ticketCount();
    const ticketId = await newTicket('Target', 'x');
    const contact = await t.admin.post('/api/v1/contacts', { name: 'Clean', emails: ['clean@example.com'] });
    const items = (await thread(ticketId)).length;
    for (const [label, bad] of Object.entries(BROKEN)) {
      expectInvalidText(await t.admin.post('/api/v1/tickets', { subject: bad, message: 'x', contact: { email: `broken-${label}@example.com` } }), 'subject');
      expectInvalidText(await t.admin.post('/api/v1/tickets', { subject: 'ok', message: 'x', contact: { email: `broken-${label}@example.com`, name: bad } }), 'contact.name');
      expectInvalidText(await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: bad }), 'body');
      expectInvalidText(await t.admin.post(`/api/v1/tickets/${ticketId}/internal-notes`, { body: `${ALL}${bad}` }), 'body');
      expectInvalidText(await t.admin.put(`/api/v1/tickets/${ticketId}/note`, { body: bad }), 'body');
      expectInvalidText(await t.admin.put(`/api/v1/tickets/${ticketId}/subject`, { subject: bad }), 'subject');
      expectInvalidText(await t.admin.post(`/api/v1/contacts/${contact.body.id}/notes`, { body: bad }), 'body');
      expectInvalidText(await t.admin.patch(`/api/v1/contacts/${contact.body.id}`, { name: bad }), 'name');
      expectInvalidText(await t.admin.post('/api/v1/views', { name: bad, filters: {} }), 'name');
      expectInvalidText(await t.admin.post('/api/v1/views', { name: 'ok', filters: { q: bad } }), 'filters.q');
      expectInvalidText(await t.admin.post('/api/v1/team/channels', { name: bad }), 'name');
      // In a key, too: refused as text before it could be refused as an unknown field.
      expectInvalidText(await t.admin.post(`/api/v1/tickets/${ticketId}/replies`, { body: 'ok', [bad]: 1 }));
      expectInvalidText(await t.client().post('/api/v1/public/tickets', { email: `public-${label}@example.com`, subject: 'ok', message: bad }), 'message');
    }
    // In the query string (a search would otherwise reach the database).
    expectInvalidText(await t.admin.get('/api/v1/tickets?q=a%00b'), 'q');
    expectInvalidText(await t.admin.get('/api/v1/contacts?q=a%00b'), 'q');

    expect(await ticketCount()).toBe(tickets + 1);
    expect((await thread(ticketId)).length).toBe(items);
    expect((await t.admin.get(`/api/v1/tickets/${ticketId}`)).body.ticket.subject).toBe('Target');
    expect((await t.admin.get(`/api/v1/tickets/${ticketId}/note`)).body.note).toBeNull();
    expect((await t.admin.get(`/api/v1/contacts/${contact.body.id}`)).body.name).toBe('Clean');
    expect((await t.admin.get(`/api/v1/contacts/${contact.body.id}/notes`)).body.items).toEqual([]);
    expect((await t.admin.get('/api/v1/contacts?q=broken-')).body.items).toEqual([]);
    expect((await t.admin.get('/api/v1/views')).body.items.filter((v: { name: string }) => v.name === 'ok')).toEqual([]);
  });

  it('a body that is not UTF-8 is refused rather than read with replacement characters', async () => {
    const ticketId = await newTicket();
    const items = (await thread(ticketId)).length;
    const json = (body: string) => Buffer.from(`{"body":"${body}"}`, 'latin1');
    for (const bytes of [json('caf\xe9'), json('\xed\xa0\x80 (a surrogate encoded as UTF-8)'), json('\xff\xfe')]) {
      const res = await t.admin.request('POST', `/api/v1/tickets/${ticketId}/replies`, new Uint8Array(bytes), { 'content-type': 'application/json' });
      expectInvalidText(res);
    }
    expect((await thread(ticketId)).length).toBe(items);
  });

  it('NUL and unpaired surrogates are refused over both sockets with an ack, and nothing is written', async () => {
    const ticketId = await newTicket();
    const agent = await agentSocket();
    const channel = (await t.admin.post('/api/v1/team/channels', { name: 'Broken text' })).body.id as number;
    const visitor = await visitorSocket();
    const started = await emitWithAck(visitor, 'chat:start', { clientId: clientId(), message: 'clean start' });
    const chatTicket = Number(started.data.chat.number.replace('#', ''));
    const tickets = await ticketCount();
    const [items, chatItems] = [(await thread(ticketId)).length, (await thread(chatTicket)).length];
    const refused = (ack: any, path: string) => {
      expect(ack, JSON.stringify(ack)).toEqual({ ok: false, error: { code: 'request/invalid_text', message: expect.any(String), details: expect.objectContaining({ path }) } });
    };
    for (const bad of Object.values(BROKEN)) {
      refused(await emitWithAck(agent, 'ticket:reply', { ticketId, body: bad, clientId: clientId() }), 'body');
      refused(await emitWithAck(agent, 'ticket:add_note', { ticketId, body: bad, clientId: clientId() }), 'body');
      refused(await emitWithAck(agent, 'team:send', { conversationId: channel, body: bad, clientId: clientId() }), 'body');
      refused(await emitWithAck(visitor, 'chat:message', { clientId: clientId(), body: bad }), 'body');
      const fresh = await visitorSocket();
      refused(await emitWithAck(fresh, 'chat:start', { clientId: clientId(), message: 'hello', name: bad }), 'name');
      refused(await emitWithAck(fresh, 'visitor:context', { page: { url: 'https://shop.example/', title: bad } }), 'page.title');
    }
    expect(await ticketCount()).toBe(tickets);
    expect((await thread(ticketId)).length).toBe(items);
    expect((await thread(chatTicket)).length).toBe(chatItems);
    expect((await t.admin.get(`/api/v1/team/conversations/${channel}/messages`)).body.items).toEqual([]);
    // The sockets stay usable.
    expect((await emitWithAck(agent, 'ticket:add_note', { ticketId, body: 'still here', clientId: clientId() })).ok).toBe(true);
    expect((await emitWithAck(visitor, 'chat:message', { clientId: clientId(), body: 'still here' })).ok).toBe(true);
  });

  it('a letter cannot be refused: its NUL characters are dropped when it is parsed, and all its other text kept exactly', async () => {
    const encoded = (text: string) => `=?utf-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
    const longSubject = '😀'.repeat(300);
    const raw = Buffer.concat([
      Buffer.from(
        [
          `From: ${encoded(`${SAMPLES.rtl}\u0000`)} <nul-sender@customer.example>`,
          'To: help@parley.example',
          `Subject: ${encoded(`${SAMPLES.astral}\u0000${SAMPLES.tags}`)}`,
          `Message-ID: <nul-${process.pid}@customer.example>`,
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          '',
          '',
        ].join('\r\n'),
        'utf8',
      ),
      Buffer.from(`${ALL}\u0000\u0000 and after the NULs`, 'utf8'),
    ]);
    const outcome = await ingestRawMail(t.app.context, raw, { source: 'test', departmentId: support, ownAddresses: ['help@parley.example'] });
    expect(outcome.result).toBe('created');
    const detail = (await t.admin.get(`/api/v1/tickets/${(outcome as { ticketId: number }).ticketId}`)).body;
    expectExact(detail.ticket.subject, `${SAMPLES.astral}${SAMPLES.tags}`);
    expectExact(detail.ticket.contact.name, SAMPLES.rtl);
    const message = detail.thread.find((i: { kind: string }) => i.kind === 'customer_message');
    // A line break in a letter is CRLF on the wire whatever the sender typed: the parser gives lines as LF.
    expectExact(message.body, `${ALL.replaceAll('\r\n', '\n')} and after the NULs`);

    // A subject longer than a ticket's is cut between characters, never inside a surrogate pair.
    const long = Buffer.from(
      [`From: a@customer.example`, 'To: help@parley.example', `Subject: ${encoded(longSubject)}`, `Message-ID: <long-${process.pid}@customer.example>`, '', 'x', ''].join('\r\n'),
      'utf8',
    );
    const longOutcome = await ingestRawMail(t.app.context, long, { source: 'test', departmentId: support, ownAddresses: [] });
    expectExact((await t.admin.get(`/api/v1/tickets/${(longOutcome as { ticketId: number }).ticketId}`)).body.ticket.subject, '😀'.repeat(250));
  });

  it('below the API, a NUL that reaches the ORM is refused with the same error, not rendered into a broken SQL text', async () => {
    const em = t.app.orm.em.fork();
    em.create(Department, { name: 'Nul\u0000Department' });
    await expect(em.flush()).rejects.toMatchObject({ code: 'request/invalid_text' });
    await expect(t.app.orm.em.fork().getConnection().execute('select ? as v', ['a\u0000b'])).rejects.toMatchObject({ code: 'request/invalid_text' });
    expect(await t.app.orm.em.fork().count(Department, { name: { $like: 'Nul%' } })).toBe(0);
    // Everything else still renders: the same statement with text from every plane.
    const [row] = await t.app.orm.em.fork().getConnection().execute<{ v: string }[]>('select ? as v', [ALL]);
    expectExact(row?.v, ALL);
  });
});
