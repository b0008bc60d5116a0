import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';
import { connectAgent, recordEvents } from './helpers/sockets.js';

const ids = (res: { body: { items: { id: number }[] } }) => res.body.items.map((x) => x.id);

describeEachDatabase('contacts and companies', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ db });
  });
  afterAll(() => t?.close());

  it('creates, searches and edits contacts; an email belongs to one contact only', async () => {
    const company = await t.admin.post('/api/v1/companies', { name: 'Acme Ltd', domains: ['Acme.example'] });
    expect(company.status).toBe(201);
    expect(company.body.domains).toEqual(['acme.example']);
    const created = await t.admin.post('/api/v1/contacts', {
      name: 'Zoe Zed',
      emails: ['Zoe@Acme.example', 'zoe.private@example.com'],
      phones: ['+371 2000 0000'],
      companyId: company.body.id,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Zoe Zed',
      emails: ['zoe@acme.example', 'zoe.private@example.com'],
      phones: ['+371 2000 0000'],
      companyId: company.body.id,
    });
    expect((await t.admin.get(`/api/v1/contacts/${created.body.id}`)).body).toEqual(created.body);

    const clash = await t.admin.post('/api/v1/contacts', { name: 'Impostor', emails: ['new@example.com', 'zoe@acme.example'] });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('resource/conflict');
    // Nothing of the refused contact stays behind: its other address is still free.
    expect(ids(await t.admin.get('/api/v1/contacts?q=new@example.com'))).toEqual([]);

    expect(ids(await t.admin.get('/api/v1/contacts?q=private@'))).toEqual([created.body.id]);
    expect(ids(await t.admin.get('/api/v1/contacts?q=Zoe'))).toEqual([created.body.id]);

    const edited = await t.admin.patch(`/api/v1/contacts/${created.body.id}`, { emails: ['zoe@new.example', 'zoe.private@example.com'], name: 'Zoe Zed-Smith' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Zoe Zed-Smith', emails: ['zoe@new.example', 'zoe.private@example.com'], phones: ['+371 2000 0000'] });
    // The freed address can be taken by someone else now; a ticket for the new primary one finds Zoe.
    expect((await t.admin.post('/api/v1/contacts', { emails: ['zoe@acme.example'] })).status).toBe(201);
    const ticket = await t.admin.post('/api/v1/tickets', { subject: 'Hi', message: 'x', contact: { email: 'ZOE@new.example' } });
    expect(ticket.body.ticket.contact).toMatchObject({ id: created.body.id, email: 'zoe@new.example' });
    // Taking another contact's address on edit is refused too, and changes nothing.
    const taken = await t.admin.patch(`/api/v1/contacts/${created.body.id}`, { emails: ['zoe@acme.example'], name: 'Changed' });
    expect(taken.status).toBe(409);
    expect((await t.admin.get(`/api/v1/contacts/${created.body.id}`)).body).toMatchObject({ name: 'Zoe Zed-Smith', emails: ['zoe@new.example', 'zoe.private@example.com'] });

    const cleared = await t.admin.patch(`/api/v1/contacts/${created.body.id}`, { companyId: null, phones: [] });
    expect(cleared.body).toMatchObject({ companyId: null, phones: [] });
  });

  it('refuses a company that does not exist, an unknown contact and a malformed cursor', async () => {
    const missingCompany = await t.admin.post('/api/v1/contacts', { name: 'Nobody', emails: ['nobody@example.com'], companyId: 999999 });
    expect(missingCompany.status).toBe(404);
    expect(missingCompany.body.error.code).toBe('resource/not_found');
    expect(ids(await t.admin.get('/api/v1/contacts?q=nobody@'))).toEqual([]);
    const contact = (await t.admin.post('/api/v1/contacts', { name: 'Somebody' })).body;
    expect(contact).toMatchObject({ emails: [], phones: [], companyId: null });
    expect((await t.admin.patch(`/api/v1/contacts/${contact.id}`, { companyId: 999999 })).status).toBe(404);
    expect((await t.admin.get('/api/v1/contacts/999999')).status).toBe(404);
    expect((await t.admin.patch('/api/v1/contacts/999999', { name: 'x' })).status).toBe(404);
    expect((await t.admin.get('/api/v1/contacts?cursor=abc')).status).toBe(400);
    expect((await t.admin.get('/api/v1/companies?cursor=-1')).status).toBe(400);
  });

  it('searches without regard to case, and takes % and _ as themselves', async () => {
    const under = (await t.admin.post('/api/v1/contacts', { name: 'Ulla Under_score', emails: ['ulla@search.example'] })).body;
    const plain = (await t.admin.post('/api/v1/contacts', { name: 'Ulla UnderXscore', emails: ['ULLA.X@Search.example'] })).body;
    expect(ids(await t.admin.get('/api/v1/contacts?q=under_'))).toEqual([under.id]);
    expect(ids(await t.admin.get('/api/v1/contacts?q=ULLA%20UNDER'))).toEqual([under.id, plain.id]);
    expect(ids(await t.admin.get('/api/v1/contacts?q=Ulla.X%40SEARCH'))).toEqual([plain.id]);
    expect(ids(await t.admin.get('/api/v1/contacts?q=%25'))).toEqual([]);
    const percent = (await t.admin.post('/api/v1/companies', { name: '100% Juice' })).body;
    const other = (await t.admin.post('/api/v1/companies', { name: '1000 Juices' })).body;
    expect(ids(await t.admin.get('/api/v1/companies?q=100%25'))).toEqual([percent.id]);
    expect(ids(await t.admin.get('/api/v1/companies?q=juice'))).toEqual([percent.id, other.id]);
  });

  it('finds names in every alphabet without regard to case or accents (SQLite lowers ASCII only)', async () => {
    const ivan = (await t.admin.post('/api/v1/contacts', { name: 'Иван Петров', emails: ['ivan.p@example.bg'] })).body;
    const janis = (await t.admin.post('/api/v1/contacts', { name: 'Jānis Bērziņš', emails: ['janis.b@example.lv'] })).body;
    const acme = (await t.admin.post('/api/v1/companies', { name: 'Ακμή Α.Ε.' })).body;
    const q = async (list: string, text: string) => ids(await t.admin.get(`/api/v1/${list}?q=${encodeURIComponent(text)}`));
    expect(await q('contacts', 'иван')).toEqual([ivan.id]);
    expect(await q('contacts', 'ИВАН ПЕТ')).toEqual([ivan.id]);
    expect(await q('contacts', 'berzins')).toEqual([janis.id]);
    expect(await q('contacts', 'петров иван')).toEqual([]);
    expect(await q('companies', 'ακμη α')).toEqual([acme.id]);
    expect(await q('companies', 'ΑΚΜΉ')).toEqual([acme.id]);
  });

  it('pages through contacts with a cursor', async () => {
    for (let i = 0; i < 5; i++) await t.admin.post('/api/v1/contacts', { name: `Pager ${i}`, emails: [`pager${i}@example.com`] });
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: any } = await t.admin.get(`/api/v1/contacts?q=Pager&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('creates, reads, edits and lists companies; any agent may', async () => {
    const agent = await t.agent({});
    const created = await agent.http.post('/api/v1/companies', { name: 'Globex', domains: ['globex.example', 'GLOBEX.example'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Globex', domains: ['globex.example'] });
    expect((await agent.http.get(`/api/v1/companies/${created.body.id}`)).body).toEqual(created.body);
    const renamed = await agent.http.patch(`/api/v1/companies/${created.body.id}`, { name: 'Globex Corp' });
    expect(renamed.body).toMatchObject({ name: 'Globex Corp', domains: ['globex.example'] });
    const redomained = await agent.http.patch(`/api/v1/companies/${created.body.id}`, { domains: ['globex.test'] });
    expect(redomained.body).toMatchObject({ name: 'Globex Corp', domains: ['globex.test'] });
    expect(ids(await agent.http.get('/api/v1/companies?q=globex'))).toEqual([created.body.id]);
    expect((await agent.http.post('/api/v1/companies', { name: 'Bad', domains: ['not a domain'] })).status).toBe(400);
    expect((await agent.http.get('/api/v1/companies/999999')).status).toBe(404);
    expect((await agent.http.patch('/api/v1/companies/999999', { name: 'x' })).status).toBe(404);
    const contact = await agent.http.post('/api/v1/contacts', { name: 'Hank', companyId: created.body.id });
    expect(contact.body.companyId).toBe(created.body.id);
  });
});

describeEachDatabase('ticket, contact and company notes', (db) => {
  let t: TestApp;
  let adminId: number;
  const clock = new MutableClock(new Date('2026-07-01T08:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp({ db, clock });
    adminId = (await t.admin.get('/api/v1/auth/session')).body.agent.id;
  });
  afterAll(() => t?.close());

  it('keeps editable contact notes with who wrote and who changed them', async () => {
    const colleague = await t.agent({ name: 'Colleague' });
    const contact = (await t.admin.post('/api/v1/contacts', { name: 'Noted', emails: ['noted@example.com'] })).body;
    const note = await t.admin.post(`/api/v1/contacts/${contact.id}/notes`, { body: '  Prefers phone calls.  ' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({
      subject: 'contact',
      subjectId: contact.id,
      body: 'Prefers phone calls.',
      createdByAgentId: adminId,
      createdAt: '2026-07-01T08:00:00.000Z',
      updatedByAgentId: adminId,
      updatedAt: '2026-07-01T08:00:00.000Z',
    });
    clock.advance(60_000);
    const edited = await colleague.http.patch(`/api/v1/contacts/${contact.id}/notes/${note.body.id}`, { body: 'Prefers email now.' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      id: note.body.id,
      body: 'Prefers email now.',
      createdByAgentId: adminId,
      createdAt: '2026-07-01T08:00:00.000Z',
      updatedByAgentId: colleague.id,
      updatedAt: '2026-07-01T08:01:00.000Z',
    });
    clock.advance(60_000);
    const second = (await colleague.http.post(`/api/v1/contacts/${contact.id}/notes`, { body: 'VIP.' })).body;
    // The newest first.
    const listed = await t.admin.get(`/api/v1/contacts/${contact.id}/notes`);
    expect(listed.body.items.map((n: { id: number; body: string }) => [n.id, n.body])).toEqual([
      [second.id, 'VIP.'],
      [note.body.id, 'Prefers email now.'],
    ]);
    expect((await colleague.http.delete(`/api/v1/contacts/${contact.id}/notes/${note.body.id}`)).status).toBe(200);
    expect(ids(await t.admin.get(`/api/v1/contacts/${contact.id}/notes`))).toEqual([second.id]);
    expect((await t.admin.delete(`/api/v1/contacts/${contact.id}/notes/${note.body.id}`)).status).toBe(404);
    expect((await t.admin.post(`/api/v1/contacts/${contact.id}/notes`, { body: '   ' })).status).toBe(400);
  });

  it('keeps company notes apart: a note answers only under the contact or company it belongs to', async () => {
    const company = (await t.admin.post('/api/v1/companies', { name: 'Notes Inc' })).body;
    const otherCompany = (await t.admin.post('/api/v1/companies', { name: 'Other Inc' })).body;
    const contact = (await t.admin.post('/api/v1/contacts', { name: 'Neighbour' })).body;
    const agent = await t.agent({});
    const note = await agent.http.post(`/api/v1/companies/${company.id}/notes`, { body: 'Key account' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ subject: 'company', subjectId: company.id, createdByAgentId: agent.id });
    clock.advance(30_000);
    const edited = await t.admin.patch(`/api/v1/companies/${company.id}/notes/${note.body.id}`, { body: 'Key account since 2020' });
    expect(edited.body).toMatchObject({ body: 'Key account since 2020', createdByAgentId: agent.id, updatedByAgentId: adminId });
    expect(edited.body.updatedAt).not.toBe(edited.body.createdAt);

    for (const [method, path] of [
      ['PATCH', `/api/v1/companies/${otherCompany.id}/notes/${note.body.id}`],
      ['DELETE', `/api/v1/companies/${otherCompany.id}/notes/${note.body.id}`],
      ['PATCH', `/api/v1/contacts/${contact.id}/notes/${note.body.id}`],
      ['DELETE', `/api/v1/contacts/${contact.id}/notes/${note.body.id}`],
      ['GET', '/api/v1/companies/999999/notes'],
      ['POST', '/api/v1/companies/999999/notes'],
      ['GET', '/api/v1/contacts/999999/notes'],
      ['POST', '/api/v1/contacts/999999/notes'],
    ] as const) {
      const res = await t.admin.request(method, path, method === 'GET' || method === 'DELETE' ? undefined : { body: 'x' });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('resource/not_found');
    }
    expect((await t.admin.get(`/api/v1/companies/${otherCompany.id}/notes`)).body.items).toEqual([]);
    expect((await t.admin.get(`/api/v1/contacts/${contact.id}/notes`)).body.items).toEqual([]);
    expect((await t.admin.get(`/api/v1/companies/${company.id}/notes`)).body.items).toEqual([edited.body]);
    expect((await agent.http.delete(`/api/v1/companies/${company.id}/notes/${note.body.id}`)).status).toBe(200);
    expect((await t.admin.get(`/api/v1/companies/${company.id}/notes`)).body.items).toEqual([]);
  });

  it('keeps one editable ticket note, recording who wrote and who changed it, and pushes each change', async () => {
    const support = await t.department('Support');
    const member = await t.agent({ name: 'Member', departmentIds: [support] });
    const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'Note me', message: 'x', contact: { email: 'tn@example.com' }, departmentId: support })).body.ticket;
    const socket = await connectAgent(t.baseUrl, { http: member.http });
    try {
      const events = recordEvents(socket);
      expect((await member.http.get(`/api/v1/tickets/${ticket.id}/note`)).body).toEqual({ note: null });
      const first = await t.admin.put(`/api/v1/tickets/${ticket.id}/note`, { body: 'Waiting for the courier.' });
      expect(first.status).toBe(200);
      const written = clock.now().toISOString();
      expect(first.body).toMatchObject({ subject: 'ticket', subjectId: ticket.id, createdByAgentId: adminId, updatedByAgentId: adminId, createdAt: written, updatedAt: written });
      expect((await events.waitFor('ticket:note_changed', (p) => p.note?.body === 'Waiting for the courier.')).ticketId).toBe(ticket.id);

      clock.advance(5 * 60_000);
      const second = await member.http.put(`/api/v1/tickets/${ticket.id}/note`, { body: 'Courier came.' });
      expect(second.body).toMatchObject({
        id: first.body.id,
        body: 'Courier came.',
        createdByAgentId: adminId,
        createdAt: written,
        updatedByAgentId: member.id,
        updatedAt: clock.now().toISOString(),
      });
      await events.waitFor('ticket:note_changed', (p) => p.note?.body === 'Courier came.');
      expect((await t.admin.get(`/api/v1/tickets/${ticket.id}/note`)).body.note).toEqual(second.body);
      expect((await t.admin.get(`/api/v1/tickets/${ticket.id}`)).body.note).toEqual(second.body);

      expect((await member.http.delete(`/api/v1/tickets/${ticket.id}/note`)).status).toBe(200);
      await events.waitFor('ticket:note_changed', (p) => p.ticketId === ticket.id && p.note === null);
      expect((await t.admin.get(`/api/v1/tickets/${ticket.id}/note`)).body).toEqual({ note: null });
      expect((await t.admin.delete(`/api/v1/tickets/${ticket.id}/note`)).status).toBe(404);
      // Written anew after a delete, it starts a new authorship.
      const again = await member.http.put(`/api/v1/tickets/${ticket.id}/note`, { body: 'Fresh start.' });
      expect(again.body).toMatchObject({ createdByAgentId: member.id, updatedByAgentId: member.id });
    } finally {
      socket.disconnect();
    }
    expect((await t.admin.put('/api/v1/tickets/999999/note', { body: 'x' })).body.error.code).toBe('ticket/not_found');
  });

  it('hides a department\'s ticket note from agents outside it, until the ticket moves to them', async () => {
    const support = await t.department('Support 2');
    const billing = await t.department('Billing 2');
    const outsider = await t.agent({ departmentIds: [billing] });
    const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'Secret', message: 'x', contact: { email: 'sec@example.com' }, departmentId: support })).body.ticket;
    await t.admin.put(`/api/v1/tickets/${ticket.id}/note`, { body: 'Only for support.' });
    for (const [method, body] of [['GET', undefined], ['PUT', { body: 'sneaky' }], ['DELETE', undefined]] as const) {
      const res = await outsider.http.request(method, `/api/v1/tickets/${ticket.id}/note`, body);
      expect(res.status, method).toBe(404);
      expect(res.body.error.code).toBe('ticket/not_found');
    }
    expect((await t.admin.get(`/api/v1/tickets/${ticket.id}/note`)).body.note.body).toBe('Only for support.');
    await t.admin.post(`/api/v1/tickets/${ticket.id}/transfer`, { departmentId: billing });
    expect((await outsider.http.get(`/api/v1/tickets/${ticket.id}`)).body.note).toMatchObject({ body: 'Only for support.' });
    expect((await outsider.http.put(`/api/v1/tickets/${ticket.id}/note`, { body: 'Billing took over.' })).body.updatedByAgentId).toBe(outsider.id);
  });
});

describeEachDatabase('organisation administration', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ db });
  });
  afterAll(() => t?.close());

  it('keeps administration to administrators', async () => {
    const agent = await t.agent({});
    const department = await t.department('Admin only');
    const status = (await t.admin.post('/api/v1/statuses', { name: 'Admin status', baseStatus: 'open' })).body;
    const canned = (await t.admin.post('/api/v1/canned-responses', { title: 'Admin canned', body: 'Hi' })).body;
    for (const [method, path, body] of [
      ['POST', '/api/v1/departments', { name: 'X' }],
      ['PATCH', `/api/v1/departments/${department}`, { name: 'X' }],
      ['POST', '/api/v1/agents', { name: 'X', email: 'x@x.io', password: 'long enough password' }],
      ['PATCH', `/api/v1/agents/${agent.id}`, { role: 'administrator' }],
      ['POST', '/api/v1/statuses', { name: 'X', baseStatus: 'open' }],
      ['PATCH', `/api/v1/statuses/${status.id}`, { name: 'X' }],
      ['DELETE', `/api/v1/statuses/${status.id}`, undefined],
      ['POST', '/api/v1/canned-responses', { title: 'X', body: 'Y' }],
      ['PATCH', `/api/v1/canned-responses/${canned.id}`, { title: 'X' }],
      ['DELETE', `/api/v1/canned-responses/${canned.id}`, undefined],
    ] as const) {
      const res = await agent.http.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('auth/forbidden');
    }
    // Nothing changed, and every agent may read the organisation.
    expect((await agent.http.get('/api/v1/statuses')).body.items).toEqual([status]);
    expect((await agent.http.get('/api/v1/canned-responses')).body.items).toEqual([canned]);
    expect((await agent.http.get('/api/v1/departments')).body.items).toContainEqual(expect.objectContaining({ id: department, name: 'Admin only' }));
    const agents = (await agent.http.get('/api/v1/agents')).body.items;
    expect(agents.find((a: { id: number }) => a.id === agent.id)).toMatchObject({ role: 'agent', active: true });
    expect(agents.some((a: object) => 'passwordHash' in a)).toBe(false);
  });

  it('lists, creates and renames departments', async () => {
    const created = await t.admin.post('/api/v1/departments', { name: '  Sales  ' });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('Sales');
    const renamed = await t.admin.patch(`/api/v1/departments/${created.body.id}`, { name: 'Sales EU' });
    expect(renamed.body).toMatchObject({ id: created.body.id, name: 'Sales EU', createdAt: created.body.createdAt });
    expect((await t.admin.get('/api/v1/departments')).body.items).toContainEqual(renamed.body);
    expect((await t.admin.patch('/api/v1/departments/999999', { name: 'x' })).status).toBe(404);
    expect((await t.admin.post('/api/v1/departments', { name: '' })).status).toBe(400);
  });

  it('adds and changes agents, never leaving the installation without an active administrator', async () => {
    const sales = (await t.admin.post('/api/v1/departments', { name: 'Sales' })).body.id;
    const service = (await t.admin.post('/api/v1/departments', { name: 'Service' })).body.id;
    const created = await t.admin.post('/api/v1/agents', { name: 'Nina New', email: 'Nina@Parley.test', password: 'nina password 123', departmentIds: [sales], locale: 'lv' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'nina@parley.test', role: 'agent', departmentIds: [sales], locale: 'lv', active: true });
    const duplicate = await t.admin.post('/api/v1/agents', { name: 'Dup', email: 'NINA@parley.test', password: 'nina password 123' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('resource/conflict');
    const badDepartment = await t.admin.post('/api/v1/agents', { name: 'Bad', email: 'bad@parley.test', password: 'nina password 123', departmentIds: [999999] });
    expect(badDepartment.status).toBe(404);
    expect((await t.admin.post('/api/v1/agents', { name: 'Short', email: 'short@parley.test', password: 'short' })).status).toBe(400);
    expect((await t.client().signIn('bad@parley.test', 'nina password 123')).status).toBe(401);

    const nina = t.client();
    expect((await nina.signIn('nina@parley.test', 'nina password 123')).status).toBe(200);
    const moved = await t.admin.patch(`/api/v1/agents/${created.body.id}`, { departmentIds: [service, sales], name: 'Nina Newer', locale: 'ru' });
    expect(moved.body).toMatchObject({ name: 'Nina Newer', departmentIds: [sales, service].sort((a, b) => a - b), locale: 'ru', role: 'agent' });
    expect((await nina.get('/api/v1/auth/session')).body.agent.departmentIds).toEqual(moved.body.departmentIds);
    expect((await t.admin.patch(`/api/v1/agents/${created.body.id}`, { departmentIds: [999999] })).status).toBe(404);
    expect((await t.admin.get('/api/v1/agents')).body.items.find((a: { id: number }) => a.id === created.body.id).departmentIds).toEqual(moved.body.departmentIds);
    expect((await t.admin.patch('/api/v1/agents/999999', { name: 'x' })).status).toBe(404);

    // The only administrator can be neither demoted nor deactivated.
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    const demote = await t.admin.patch(`/api/v1/agents/${me.id}`, { role: 'agent' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('agent/last_administrator');
    const deactivate = await t.admin.patch(`/api/v1/agents/${me.id}`, { active: false });
    expect(deactivate.body.error.code).toBe('agent/last_administrator');
    expect((await t.admin.get('/api/v1/auth/session')).body.agent).toMatchObject({ role: 'administrator', active: true });
    // A second administrator makes it possible; the first then cannot demote the second, now the last.
    expect((await t.admin.patch(`/api/v1/agents/${created.body.id}`, { role: 'administrator' })).body.role).toBe('administrator');
    expect((await nina.patch(`/api/v1/agents/${me.id}`, { role: 'agent' })).body.role).toBe('agent');
    expect((await t.admin.post('/api/v1/departments', { name: 'No longer mine' })).status).toBe(403);
    const last = await nina.patch(`/api/v1/agents/${created.body.id}`, { role: 'agent' });
    expect(last.body.error.code).toBe('agent/last_administrator');
    expect((await nina.patch(`/api/v1/agents/${me.id}`, { role: 'administrator' })).status).toBe(200);
    expect((await t.admin.patch(`/api/v1/agents/${created.body.id}`, { role: 'agent' })).body.role).toBe('agent');
  });

  it('lets only one of two administrators demoting each other at the same moment succeed', async () => {
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    for (let round = 0; round < 3; round++) {
      const email = `rival${round}@parley.test`;
      const rival = (await t.admin.post('/api/v1/agents', { name: 'Rival', email, password: 'rival password 123', role: 'administrator' })).body;
      const asRival = t.client();
      await asRival.signIn(email, 'rival password 123');
      const [mine, theirs] = await Promise.all([
        t.admin.patch(`/api/v1/agents/${rival.id}`, { role: 'agent' }),
        asRival.patch(`/api/v1/agents/${me.id}`, round % 2 === 0 ? { role: 'agent' } : { active: false }),
      ]);
      // The loser is refused as the last administrator, or (when it arrived after the winner committed) as no administrator at all.
      const loser = mine.status === 200 ? theirs : mine;
      expect([mine.status, theirs.status], JSON.stringify([mine.body, theirs.body])).toContain(200);
      expect(['agent/last_administrator', 'auth/forbidden']).toContain(loser.body.error?.code);
      const winner = mine.status === 200 ? t.admin : asRival;
      const agents = (await winner.get('/api/v1/agents')).body.items as { role: string; active: boolean }[];
      expect(agents.filter((a) => a.role === 'administrator' && a.active)).toHaveLength(1);
      // Put the first administrator back when the rival won, and retire the rival.
      if (theirs.status === 200) {
        const res = await asRival.patch(`/api/v1/agents/${me.id}`, { role: 'administrator', active: true });
        expect(res.status).toBe(200);
        if (round % 2 === 1) expect((await t.admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(200);
      }
      expect((await t.admin.patch(`/api/v1/agents/${rival.id}`, { active: false })).status).toBe(200);
    }
  });

  it('signs a deactivated agent out at once, API tokens included; reactivation restores the password, never the tokens', async () => {
    const created = (await t.admin.post('/api/v1/agents', { name: 'Otto Out', email: 'otto@parley.test', password: 'otto password 123' })).body;
    const otto = t.client();
    await otto.signIn('otto@parley.test', 'otto password 123');
    const otherSession = t.client();
    await otherSession.signIn('otto@parley.test', 'otto password 123');
    const token = (await otto.post('/api/v1/api-tokens', { name: 'script' })).body.token;
    const script = t.client().withToken(token);
    expect((await script.get('/api/v1/tickets')).status).toBe(200);

    const deactivated = await t.admin.patch(`/api/v1/agents/${created.id}`, { active: false });
    expect(deactivated.body.active).toBe(false);
    for (const client of [otto, otherSession, script]) expect((await client.get('/api/v1/tickets')).status).toBe(401);
    expect((await t.client().signIn('otto@parley.test', 'otto password 123')).status).toBe(401);

    expect((await t.admin.patch(`/api/v1/agents/${created.id}`, { active: true })).body.active).toBe(true);
    // The sessions and the tokens are gone for good (issue 11); the password works again.
    expect((await otto.get('/api/v1/tickets')).status).toBe(401);
    expect((await t.client().signIn('otto@parley.test', 'otto password 123')).status).toBe(200);
    expect((await script.get('/api/v1/tickets')).status).toBe(401);
  });

  it('lets every agent change their own name and language, and nothing else', async () => {
    const agent = await t.agent({ name: 'Plain Agent' });
    const me = await agent.http.patch('/api/v1/me', { name: 'Plain Renamed', locale: 'el' });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: agent.id, name: 'Plain Renamed', locale: 'el', role: 'agent' });
    expect((await agent.http.get('/api/v1/auth/session')).body.agent).toMatchObject({ name: 'Plain Renamed', locale: 'el' });
    expect((await agent.http.patch('/api/v1/me', { role: 'administrator' })).status).toBe(400);
    expect((await agent.http.patch('/api/v1/me', { locale: 'xx' })).status).toBe(400);
    expect((await t.admin.patch('/api/v1/me', { name: ADMIN.name })).body.role).toBe('administrator');
  });

  it('defines custom statuses on allowed bases, and keeps one in use', async () => {
    expect((await t.admin.post('/api/v1/statuses', { name: 'Bad', baseStatus: 'postponed' })).status).toBe(400);
    expect((await t.admin.post('/api/v1/statuses', { name: 'Bad', baseStatus: 'new' })).status).toBe(400);
    const waiting = (await t.admin.post('/api/v1/statuses', { name: 'Waiting for supplier', baseStatus: 'open' })).body;
    expect(waiting).toMatchObject({ name: 'Waiting for supplier', baseStatus: 'open' });
    expect((await t.admin.get('/api/v1/statuses')).body.items).toContainEqual(waiting);
    const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'Parts', message: 'x', contact: { email: 'parts@example.com' } })).body.ticket;
    const set = await t.admin.put(`/api/v1/tickets/${ticket.id}/status`, { customStatusId: waiting.id });
    expect(set.body).toMatchObject({ status: 'open', customStatusId: waiting.id });
    expect(ids(await t.admin.get(`/api/v1/tickets?customStatusId=${waiting.id}`))).toEqual([ticket.id]);

    expect((await t.admin.patch(`/api/v1/statuses/${waiting.id}`, { name: 'Waiting for parts' })).body.name).toBe('Waiting for parts');
    const remap = await t.admin.patch(`/api/v1/statuses/${waiting.id}`, { baseStatus: 'resolved' });
    expect(remap.status).toBe(409);
    expect(remap.body.error.code).toBe('status/in_use');
    const del = await t.admin.delete(`/api/v1/statuses/${waiting.id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('status/in_use');
    expect((await t.admin.get('/api/v1/statuses')).body.items.map((s: { id: number }) => s.id)).toContain(waiting.id);

    await t.admin.post(`/api/v1/tickets/${ticket.id}/resolve`);
    expect((await t.admin.patch(`/api/v1/statuses/${waiting.id}`, { baseStatus: 'answered' })).body.baseStatus).toBe('answered');
    expect((await t.admin.delete(`/api/v1/statuses/${waiting.id}`)).status).toBe(200);
    expect((await t.admin.get('/api/v1/statuses')).body.items.map((s: { id: number }) => s.id)).not.toContain(waiting.id);
    expect((await t.admin.delete(`/api/v1/statuses/${waiting.id}`)).status).toBe(404);
    expect((await t.admin.patch(`/api/v1/statuses/${waiting.id}`, { name: 'gone' })).status).toBe(404);
  });

  it('fills canned responses\' placeholders for a ticket the agent may see', async () => {
    const support = await t.department('Canned Support');
    const agent = await t.agent({ name: 'Rita Responder', departmentIds: [support] });
    const canned = (await t.admin.post('/api/v1/canned-responses', {
      title: 'Greeting',
      body: 'Hello {{contact.firstName}} ({{ contact.name }}, {{contact.email}}), about #{{ticket.number}} "{{ticket.subject}}" in {{department.name}} — {{agent.firstName}} / {{agent.name}}',
    })).body;
    const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'Late parcel', message: 'x', contact: { email: 'Maria@Example.com', name: 'Maria Garcia' }, departmentId: support })).body.ticket;
    const rendered = await agent.http.post(`/api/v1/canned-responses/${canned.id}/render`, { ticketId: ticket.id });
    expect(rendered.status).toBe(200);
    expect(rendered.body.text).toBe(`Hello Maria (Maria Garcia, maria@example.com), about #${ticket.id} "Late parcel" in Canned Support — Rita / Rita Responder`);

    // Known placeholders without a value become empty: a contact without a name, a ticket without a department.
    const internal = (await agent.http.post('/api/v1/internal-tickets', { subject: 'Task', message: 'x', agentId: agent.id })).body.ticket;
    const bare = await agent.http.post(`/api/v1/canned-responses/${canned.id}/render`, { ticketId: internal.id });
    expect(bare.body.text).toBe(`Hello  (, ), about #${internal.id} "Task" in  — Rita / Rita Responder`);

    // A ticket the agent cannot see stays hidden; so does an unknown canned response.
    const elsewhere = await t.department('Canned Elsewhere');
    const hidden = (await t.admin.post('/api/v1/tickets', { subject: 'Hidden', message: 'x', contact: { email: 'h@example.com' }, departmentId: elsewhere })).body.ticket;
    const refused = await agent.http.post(`/api/v1/canned-responses/${canned.id}/render`, { ticketId: hidden.id });
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('ticket/not_found');
    expect((await agent.http.post('/api/v1/canned-responses/999999/render', { ticketId: ticket.id })).status).toBe(404);
  });

  it('refuses to save a canned response with a placeholder it would not fill, naming it, and saves nothing', async () => {
    const before = (await t.admin.get('/api/v1/canned-responses?limit=100')).body.items.length;
    const refused = await t.admin.post('/api/v1/canned-responses', { title: 'Typo', body: 'Hello {{contact.nmae}}, {{ unknown.thing }} and {{contact.name}}' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('canned/unknown_placeholder');
    expect(refused.body.error.message).toContain('{{contact.nmae}}');
    expect(refused.body.error.message).toContain('{{ unknown.thing }}');
    expect((await t.admin.get('/api/v1/canned-responses?limit=100')).body.items).toHaveLength(before);

    const saved = (await t.admin.post('/api/v1/canned-responses', { title: 'Fine', body: 'Hello {{contact.name}}' })).body;
    const edit = await t.admin.patch(`/api/v1/canned-responses/${saved.id}`, { body: 'Hello {{name}}' });
    expect(edit.status).toBe(400);
    expect(edit.body.error.code).toBe('canned/unknown_placeholder');
    expect((await t.admin.get('/api/v1/canned-responses?limit=100')).body.items.find((c: { id: number }) => c.id === saved.id).body).toBe('Hello {{contact.name}}');
  });

  it('searches, pages, edits and deletes canned responses; a department\'s own are offered to its agents only', async () => {
    const support = await t.department('Scoped Support');
    const billing = await t.department('Scoped Billing');
    const member = await t.agent({ departmentIds: [support] });
    const everyone = (await t.admin.post('/api/v1/canned-responses', { title: 'Refund_policy', body: 'We refund within 14 days.' })).body;
    const supportOnly = (await t.admin.post('/api/v1/canned-responses', { title: 'Restart', body: 'Please RESTART the router.', departmentId: support })).body;
    const billingOnly = (await t.admin.post('/api/v1/canned-responses', { title: 'Invoice', body: 'Your invoice is attached.', departmentId: billing })).body;
    expect(supportOnly.departmentId).toBe(support);
    expect((await t.admin.post('/api/v1/canned-responses', { title: 'Bad', body: 'x', departmentId: 999999 })).status).toBe(404);

    expect(ids(await t.admin.get('/api/v1/canned-responses?q=refund_'))).toEqual([everyone.id]);
    expect(ids(await t.admin.get('/api/v1/canned-responses?q=restart'))).toEqual([supportOnly.id]);
    expect(ids(await t.admin.get('/api/v1/canned-responses?q=invoice'))).toEqual([billingOnly.id]);
    expect(ids(await member.http.get('/api/v1/canned-responses?q=invoice'))).toEqual([]);
    const memberSees = ids(await member.http.get('/api/v1/canned-responses'));
    expect(memberSees).toEqual(expect.arrayContaining([everyone.id, supportOnly.id]));
    expect(memberSees).not.toContain(billingOnly.id);
    const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'x', message: 'x', contact: { email: 'scoped@example.com' }, departmentId: support })).body.ticket;
    expect((await member.http.post(`/api/v1/canned-responses/${billingOnly.id}/render`, { ticketId: ticket.id })).status).toBe(404);
    expect((await member.http.post(`/api/v1/canned-responses/${supportOnly.id}/render`, { ticketId: ticket.id })).body.text).toBe('Please RESTART the router.');

    const first = await t.admin.get('/api/v1/canned-responses?limit=2');
    expect(first.body.items).toHaveLength(2);
    const rest = await t.admin.get(`/api/v1/canned-responses?limit=100&cursor=${first.body.nextCursor}`);
    expect(rest.body.nextCursor).toBeNull();
    expect(new Set([...ids(first), ...ids(rest)]).size).toBe(first.body.items.length + rest.body.items.length);
    expect(ids(rest)).toContain(billingOnly.id);

    const edited = await t.admin.patch(`/api/v1/canned-responses/${billingOnly.id}`, { body: 'Invoice {{ticket.number}}', departmentId: null });
    expect(edited.body).toMatchObject({ title: 'Invoice', body: 'Invoice {{ticket.number}}', departmentId: null });
    expect(ids(await member.http.get('/api/v1/canned-responses?q=invoice'))).toEqual([billingOnly.id]);
    expect((await t.admin.patch(`/api/v1/canned-responses/${billingOnly.id}`, { departmentId: 999999 })).status).toBe(404);
    expect((await t.admin.delete(`/api/v1/canned-responses/${billingOnly.id}`)).status).toBe(200);
    expect((await t.admin.delete(`/api/v1/canned-responses/${billingOnly.id}`)).status).toBe(404);
    expect((await t.admin.patch(`/api/v1/canned-responses/${billingOnly.id}`, { title: 'x' })).status).toBe(404);
    expect(ids(await t.admin.get('/api/v1/canned-responses?q=invoice'))).toEqual([]);
  });
});
