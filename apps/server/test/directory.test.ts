import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, MutableClock, type TestApp } from './helpers/create-test-app.js';

describeEachDatabase('contacts, companies and their notes', (db) => {
  let t: TestApp;
  const clock = new MutableClock(new Date('2026-07-01T08:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp({ db, clock });
  });
  afterAll(() => t?.close());

  it('creates, searches and edits contacts; an email belongs to one contact only', async () => {
    const company = await t.admin.post('/api/v1/companies', { name: 'Acme Ltd', domains: ['Acme.example'] });
    expect(company.status).toBe(201);
    expect(company.body.domains).toEqual(['acme.example']);
    const created = await t.admin.post('/api/v1/contacts', { name: 'Zoe Zed', emails: ['Zoe@Acme.example', 'zoe.private@example.com'], phones: ['+371 2000 0000'], companyId: company.body.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Zoe Zed', emails: ['zoe@acme.example', 'zoe.private@example.com'], companyId: company.body.id });
    const clash = await t.admin.post('/api/v1/contacts', { name: 'Impostor', emails: ['zoe@acme.example'] });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('resource/conflict');
    expect((await t.admin.get('/api/v1/contacts?q=private@')).body.items.map((c: { id: number }) => c.id)).toEqual([created.body.id]);
    expect((await t.admin.get('/api/v1/contacts?q=Zoe')).body.items.map((c: { id: number }) => c.id)).toEqual([created.body.id]);
    const edited = await t.admin.patch(`/api/v1/contacts/${created.body.id}`, { emails: ['zoe@new.example'], name: 'Zoe Zed-Smith' });
    expect(edited.body).toMatchObject({ name: 'Zoe Zed-Smith', emails: ['zoe@new.example'] });
    // The freed address can be taken by someone else now; a ticket for the new one finds Zoe.
    expect((await t.admin.post('/api/v1/contacts', { emails: ['zoe@acme.example'] })).status).toBe(201);
    const ticket = await t.admin.post('/api/v1/tickets', { subject: 'Hi', message: 'x', contact: { email: 'ZOE@new.example' } });
    expect(ticket.body.ticket.contact.id).toBe(created.body.id);
    expect((await t.admin.patch(`/api/v1/contacts/${created.body.id}`, { companyId: 999999 })).status).toBe(404);
    expect((await t.admin.get('/api/v1/contacts/999999')).status).toBe(404);
  });

  it('PROBE search semantics', async () => {
    const a = (await t.admin.post('/api/v1/contacts', { name: 'Under_score Person', emails: ['percent%sign@example.com'] })).body;
    const b = (await t.admin.post('/api/v1/contacts', { name: 'UnderXscore Person', emails: ['percentXsign@example.com'] })).body;
    const ids = async (q: string) => (await t.admin.get(`/api/v1/contacts?q=${encodeURIComponent(q)}`)).body.items.map((c: { id: number }) => c.id);
    console.log('under_s', await ids('Under_s'), 'lower', await ids('under'), 'pct', await ids('percent%s'), 'mixed email', await ids('PERCENTX'), a.id, b.id);
    const co = (await t.admin.post('/api/v1/companies', { name: 'Big_Co' })).body;
    console.log('co', (await t.admin.get(`/api/v1/companies?q=big_`)).body.items.map((c: { id: number }) => c.id), co.id);
  });

  it('pages through contacts with a cursor', async () => {
    for (let i = 0; i < 5; i++) await t.admin.post('/api/v1/contacts', { name: `Pager ${i}`, emails: [`pager${i}@example.com`] });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: any } = await t.admin.get(`/api/v1/contacts?q=Pager&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((c: { id: number }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('keeps editable contact and company notes with who wrote and who changed them', async () => {
    const colleague = await t.agent({ name: 'Colleague' });
    const contact = (await t.admin.post('/api/v1/contacts', { name: 'Noted', emails: ['noted@example.com'] })).body;
    const note = await t.admin.post(`/api/v1/contacts/${contact.id}/notes`, { body: 'Prefers phone calls.' });
    expect(note.status).toBe(201);
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent.id;
    expect(note.body).toMatchObject({ subject: 'contact', subjectId: contact.id, createdByAgentId: me, updatedByAgentId: me });
    clock.advance(60_000);
    const edited = await colleague.http.patch(`/api/v1/contacts/${contact.id}/notes/${note.body.id}`, { body: 'Prefers email now.' });
    expect(edited.body).toMatchObject({ body: 'Prefers email now.', createdByAgentId: me, updatedByAgentId: colleague.id, updatedAt: '2026-07-01T08:01:00.000Z' });
    expect(edited.body.createdAt).toBe(note.body.createdAt);
    expect((await t.admin.get(`/api/v1/contacts/${contact.id}/notes`)).body.items).toHaveLength(1);
    const company = (await t.admin.post('/api/v1/companies', { name: 'Notes Inc' })).body;
    expect((await t.admin.patch(`/api/v1/companies/${company.id}/notes/${note.body.id}`, { body: 'wrong owner' })).status).toBe(404);
    const companyNote = await t.admin.post(`/api/v1/companies/${company.id}/notes`, { body: 'Key account' });
    expect(companyNote.body.subject).toBe('company');
    expect((await t.admin.delete(`/api/v1/contacts/${contact.id}/notes/${note.body.id}`)).status).toBe(200);
    expect((await t.admin.get(`/api/v1/contacts/${contact.id}/notes`)).body.items).toEqual([]);
    expect((await t.admin.post(`/api/v1/contacts/${contact.id}/notes`, { body: '   ' })).status).toBe(400);
  });

  it('keeps one editable ticket note that stays with the ticket through transfers, hidden from agents outside', async () => {
    const support = await t.department('Support');
    const billing = await t.department('Billing');
    const outsider = await t.agent({ departmentIds: [billing] });
    const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'Note me', message: 'x', contact: { email: 'tn@example.com' }, departmentId: support })).body.ticket;
    expect((await t.admin.get(`/api/v1/tickets/${ticket.id}/note`)).body).toEqual({ note: null });
    const first = await t.admin.put(`/api/v1/tickets/${ticket.id}/note`, { body: 'Waiting for the courier.' });
    expect(first.status).toBe(200);
    const second = await t.admin.put(`/api/v1/tickets/${ticket.id}/note`, { body: 'Courier came.' });
    expect(second.body.id).toBe(first.body.id);
    expect((await outsider.http.get(`/api/v1/tickets/${ticket.id}/note`)).status).toBe(404);
    expect((await outsider.http.put(`/api/v1/tickets/${ticket.id}/note`, { body: 'sneaky' })).status).toBe(404);
    await t.admin.post(`/api/v1/tickets/${ticket.id}/transfer`, { departmentId: billing });
    const afterTransfer = await outsider.http.get(`/api/v1/tickets/${ticket.id}`);
    expect(afterTransfer.body.note).toMatchObject({ body: 'Courier came.' });
    expect((await outsider.http.delete(`/api/v1/tickets/${ticket.id}/note`)).status).toBe(200);
    expect((await t.admin.get(`/api/v1/tickets/${ticket.id}/note`)).body).toEqual({ note: null });
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
    for (const [method, path, body] of [
      ['POST', '/api/v1/departments', { name: 'X' }],
      ['POST', '/api/v1/agents', { name: 'X', email: 'x@x.io', password: 'long enough password' }],
      ['POST', '/api/v1/statuses', { name: 'X', baseStatus: 'open' }],
      ['POST', '/api/v1/canned-responses', { title: 'X', body: 'Y' }],
      ['PATCH', `/api/v1/agents/${agent.id}`, { role: 'administrator' }],
    ] as const) {
      const res = await agent.http.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('auth/forbidden');
    }
    expect((await agent.http.get('/api/v1/departments')).status).toBe(200);
    expect((await agent.http.get('/api/v1/agents')).body.items.some((a: { passwordHash?: string }) => 'passwordHash' in a)).toBe(false);
  });

  it('manages departments and agents, never leaving the installation without an administrator', async () => {
    const dept = (await t.admin.post('/api/v1/departments', { name: 'Sales' })).body;
    expect((await t.admin.patch(`/api/v1/departments/${dept.id}`, { name: 'Sales EU' })).body.name).toBe('Sales EU');
    const created = await t.admin.post('/api/v1/agents', { name: 'Nina New', email: 'Nina@Parley.test', password: 'nina password 123', departmentIds: [dept.id], locale: 'lv' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'nina@parley.test', role: 'agent', departmentIds: [dept.id], locale: 'lv', active: true });
    expect((await t.admin.post('/api/v1/agents', { name: 'Dup', email: 'nina@parley.test', password: 'nina password 123' })).status).toBe(409);
    expect((await t.admin.post('/api/v1/agents', { name: 'Bad', email: 'bad@parley.test', password: 'nina password 123', departmentIds: [999999] })).status).toBe(404);
    const me = (await t.admin.get('/api/v1/auth/session')).body.agent;
    const demote = await t.admin.patch(`/api/v1/agents/${me.id}`, { role: 'agent' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('agent/last_administrator');
    expect((await t.admin.patch(`/api/v1/agents/${me.id}`, { active: false })).body.error.code).toBe('agent/last_administrator');
    const nina = t.client();
    expect((await nina.signIn('nina@parley.test', 'nina password 123')).status).toBe(200);
    expect((await nina.patch('/api/v1/me', { locale: 'bg' })).body.locale).toBe('bg');
    expect((await t.admin.patch(`/api/v1/agents/${created.body.id}`, { active: false })).body.active).toBe(false);
    expect((await nina.get('/api/v1/tickets')).status).toBe(401);
    expect((await nina.signIn('nina@parley.test', 'nina password 123')).status).toBe(401);
  });

  it('defines custom statuses on allowed bases and refuses deleting one in use', async () => {
    expect((await t.admin.post('/api/v1/statuses', { name: 'Bad', baseStatus: 'postponed' })).status).toBe(400);
    const waiting = (await t.admin.post('/api/v1/statuses', { name: 'Waiting for supplier', baseStatus: 'open' })).body;
    const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'Parts', message: 'x', contact: { email: 'parts@example.com' } })).body.ticket;
    const set = await t.admin.put(`/api/v1/tickets/${ticket.id}/status`, { customStatusId: waiting.id });
    expect(set.body).toMatchObject({ status: 'open', customStatusId: waiting.id });
    expect((await t.admin.get(`/api/v1/tickets?customStatusId=${waiting.id}`)).body.items.map((x: { id: number }) => x.id)).toEqual([ticket.id]);
    const del = await t.admin.delete(`/api/v1/statuses/${waiting.id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('status/in_use');
    await t.admin.post(`/api/v1/tickets/${ticket.id}/resolve`);
    expect((await t.admin.delete(`/api/v1/statuses/${waiting.id}`)).status).toBe(200);
  });

  it('fills canned responses\' placeholders for a ticket', async () => {
    const canned = (await t.admin.post('/api/v1/canned-responses', { title: 'Greeting', body: 'Hello {{contact.firstName}}, about #{{ticket.number}} ({{ticket.subject}}): {{unknown.thing}} — {{agent.name}}' })).body;
    const ticket = (await t.admin.post('/api/v1/tickets', { subject: 'Late parcel', message: 'x', contact: { email: 'maria@example.com', name: 'Maria Garcia' } })).body.ticket;
    const rendered = await t.admin.post(`/api/v1/canned-responses/${canned.id}/render`, { ticketId: ticket.id });
    expect(rendered.body.text).toBe(`Hello Maria, about #${ticket.id} (Late parcel): {{unknown.thing}} — Ada Admin`);
    expect((await t.admin.get('/api/v1/canned-responses?q=Greet')).body.items.map((c: { id: number }) => c.id)).toEqual([canned.id]);
  });
});
