import type { SearchResultsDto, SnippetPart, TicketSearchHit } from '@parley/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';
import type { HttpClient } from './helpers/http-client.js';
import type { Em } from '../src/db/orm.js';
import { backfillSearch, reindexSearch } from '../src/modules/search/search-reindex.js';

/** A snippet with its matched pieces in brackets: "[Принтер] не печата". */
const marked = (parts: readonly SnippetPart[]) => parts.map((p) => (p.match ? `[${p.text}]` : p.text)).join('');

describeEachDatabase('full-text search', (db) => {
  let t: TestApp;
  let support: number;
  let billing: number;
  const ids: Record<string, number> = {};

  const create = async (key: string, body: Record<string, unknown>) => {
    const res = await t.admin.post('/api/v1/tickets', { channel: 'email', departmentId: support, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids[key] = res.body.ticket.id;
    return ids[key]!;
  };
  const search = async (q: string, http: HttpClient = t.admin, extra = ''): Promise<SearchResultsDto> => {
    const res = await http.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const found = async (q: string, http?: HttpClient, extra?: string) => (await search(q, http, extra)).tickets.map((hit) => hit.ticket.id);
  const hitOf = async (q: string, id: number): Promise<TicketSearchHit | undefined> => (await search(q)).tickets.find((hit) => hit.ticket.id === id);

  beforeAll(async () => {
    t = await createTestApp({ db });
    support = await t.department('Support');
    billing = await t.department('Продажби');
    await create('bg', { subject: 'Принтер не печата', message: 'Принтерът в офиса спря да печата от вчера.', contact: { email: 'ivan@example.bg', name: 'Иван Петров' } });
    await create('el', { subject: 'Λογαριασμός', message: 'Καλημέρα, ο λογαριασμός μου χρεώθηκε δύο φορές.', contact: { email: 'eleni@example.gr' } });
    await create('lv', { subject: 'Rēķins', message: 'Paldies, ka sazinājāties. Rēķins nav samaksāts.', contact: { email: 'janis@example.lv' } });
    await create('ru', { subject: 'Доставка', message: 'Где мой заказ? Ёлка так и не приехала.', contact: { email: 'olga@example.ru' } });
    await create('uk', { subject: 'Повернення', message: 'Хочу повернути товар, Україна, Київ.', contact: { email: 'taras@example.ua' } });
    await create('en', { subject: 'Card problem', message: 'I was charged twice for one order.', contact: { email: 'ann@example.com', name: 'Ann Smith' } });
    await create('billing', { subject: 'Invoice question', message: 'Please send the quarterly invoice again, zebrafish.', contact: { email: 'cfo@corp.example' }, departmentId: billing });
    await create('refund', { subject: 'Refund', message: 'Charged twice, I want a refund.', contact: { email: 'ann@example.com' } });
  }, 60_000);
  afterAll(() => t?.close());

  it('finds a word in each of the six languages whatever its case, tonos or diacritics, and marks it as written', async () => {
    expect(await found('ПРИНТЕР ')).toEqual([ids.bg]);
    expect(marked((await hitOf('ПРИНТЕР ', ids.bg!))!.snippet)).toBe('[Принтер] не печата');
    expect(await found('λογαριασμος ')).toEqual([ids.el]);
    expect(await found('ΛΟΓΑΡΙΑΣΜΌΣ ')).toEqual([ids.el]);
    expect(await found('rekins ')).toEqual([ids.lv]);
    expect(await found('SAZINĀJĀTIES ')).toEqual([ids.lv]);
    const latvian = await hitOf('sazinajaties ', ids.lv!);
    expect(latvian?.matchedIn).toBe('customer_message');
    expect(marked(latvian!.snippet)).toContain('[sazinājāties]');
    expect(await found('елка ')).toEqual([ids.ru]);
    expect(await found('україна ')).toEqual([ids.uk]);
    expect(await found('Charged ')).toEqual(expect.arrayContaining([ids.en, ids.refund]));
  });

  it('matches prefixes as the agent types, phrases in quotes, and leaves out excluded words', async () => {
    expect(await found('принт')).toEqual([ids.bg]);
    // A prefix is matched whole, not by its first letters alone.
    expect(await found('принц')).toEqual([]);
    expect(await found('ПРИНТЕРЪ')).toEqual([ids.bg]);
    expect((await found('"charged twice"')).sort()).toEqual([ids.en, ids.refund].sort());
    expect(await found('"twice charged"')).toEqual([]);
    expect(await found('charged -refund')).toEqual([ids.en]);
  });

  it('takes filters in the box and beside it, and says what it did not understand', async () => {
    expect(await found('charged from:@example.com')).toHaveLength(2);
    expect(await found('invoice department:ПРОДАЖБИ')).toEqual([ids.billing]);
    expect(await found('invoice department:Support')).toEqual([]);
    expect(await found('charged', t.admin, `&departmentId=${billing}`)).toEqual([]);
    expect(await found('status:new department:продажби')).toEqual([ids.billing]);
    expect(await found('charged after:2000-01-01 before:2999-01-01', t.admin, '&timeZone=Europe%2FRiga')).toHaveLength(2);
    expect(await found('charged before:2000-01-01')).toEqual([]);
    const puzzled = await search('invoice department:Nowhere status:sleeping before:2027-02-30');
    expect(puzzled.tickets).toEqual([]);
    expect(puzzled.problems).toEqual(
      expect.arrayContaining([
        { code: 'unknown_value', filter: 'department', value: 'Nowhere' },
        { code: 'unknown_value', filter: 'status', value: 'sleeping' },
        { code: 'invalid_date', filter: 'before', value: '2027-02-30' },
      ]),
    );
    expect((await t.admin.get(`/api/v1/search?q=${'x'.repeat(600)}`)).status).toBe(400);
    expect((await t.admin.get('/api/v1/search?q=x&timeZone=%2B02%3A00')).status).toBe(400);
  });

  it('finds a ticket by its number, its internal notes, its ticket note, its files and its contact', async () => {
    expect((await found(`#${ids.ru}`))[0]).toBe(ids.ru);
    const note = await t.admin.post(`/api/v1/tickets/${ids.en}/internal-notes`, { body: 'Escalated to the payments gateway team.' });
    expect(note.status).toBe(201);
    const inNote = await hitOf('gateway ', ids.en!);
    expect(inNote?.matchedIn).toBe('internal_note');
    expect(inNote?.threadItemId).toBe(note.body.id);
    expect((await t.admin.put(`/api/v1/tickets/${ids.uk}/note`, { body: 'Клієнт з Житомира' })).status).toBe(200);
    expect((await hitOf('житомира ', ids.uk!))?.matchedIn).toBe('ticket_note');
    const form = new FormData();
    form.append('file', new Blob(['%PDF'], { type: 'application/pdf' }), 'Квитанция-2027.pdf');
    const upload = await t.admin.post('/api/v1/attachments', form);
    expect(upload.status).toBe(201);
    expect((await t.admin.post(`/api/v1/tickets/${ids.ru}/replies`, { body: 'Отправили повторно.', attachmentIds: [upload.body.id] })).status).toBe(201);
    expect(marked((await hitOf('квитанция ', ids.ru!))!.snippet)).toBe('[Квитанция]-2027.pdf');
    const byContact = await search('петров ');
    expect(byContact.tickets.map((hit) => [hit.ticket.id, hit.matchedIn])).toEqual([[ids.bg, 'contact']]);
    expect(byContact.contacts.map((c) => [c.name, marked(c.snippet)])).toEqual([['Иван Петров', 'Иван [Петров]']]);
  });

  it('keeps the index in the write\'s transaction: a new subject is found at once and the old one no longer', async () => {
    expect((await t.admin.put(`/api/v1/tickets/${ids.el}/subject`, { subject: 'Διπλή χρέωση' })).status).toBe(200);
    expect(await found('λογαριασμος ')).toEqual([ids.el]); // still in the first message
    expect((await hitOf('διπλη ', ids.el!))?.matchedIn).toBe('subject');
    await create('later', { subject: 'Xylophone', message: 'Brand new words.', contact: { email: 'new@example.com' } });
    expect(await found('xylophone ')).toEqual([ids.later]);
  });

  it('never shows an agent a ticket, or a snippet of one, outside their reach', async () => {
    const agent = await t.agent({ departmentIds: [support] });
    expect(await found('zebrafish ', agent.http)).toEqual([]);
    expect(await found('zebrafish ')).toEqual([ids.billing]);
    const results = await search('invoice ', agent.http);
    expect(JSON.stringify(results)).not.toContain('quarterly');
    expect(await found('принтер ', agent.http)).toEqual([ids.bg]);
  });

  it('indexes rows from before search once in the background, and rebuilds the whole index on command', async () => {
    const em = t.app.context.orm.em.fork() as Em;
    // As after the upgrade: rows without search text; and a row whose text went stale (a restored backup).
    await em.getConnection().execute(`update thread_item set search_text = null where ticket_id = ${ids.ru}`);
    await em.getConnection().execute(`update ticket set search_text = 'nothing' where id = ${ids.uk}`);
    expect(await found('елка ')).toEqual([]);
    expect(await backfillSearch(t.app.context, () => false)).toBeGreaterThan(0);
    expect(await found('елка ')).toEqual([ids.ru]);
    expect(marked((await hitOf('квитанция ', ids.ru!))!.snippet)).toBe('[Квитанция]-2027.pdf');
    // Done once: a second start does not walk the tables again.
    await em.getConnection().execute(`update thread_item set search_text = null where ticket_id = ${ids.ru}`);
    expect(await backfillSearch(t.app.context, () => false)).toBe(0);
    expect(await found('повернення ')).toEqual([]);
    const { written } = await reindexSearch(t.app.context, 'all');
    expect(written).toBeGreaterThan(20);
    expect(await found('повернення ')).toEqual([ids.uk]);
    expect(await found('елка ')).toEqual([ids.ru]);
  });

  it('erasing a contact takes their words out of the index', async () => {
    const contact = (await t.admin.get(`/api/v1/tickets/${ids.lv}`)).body.ticket.contact.id;
    expect((await t.admin.post(`/api/v1/contacts/${contact}/erase`, {})).status).toBe(200);
    expect(await found('sazinajaties ')).toEqual([]);
  });
});
