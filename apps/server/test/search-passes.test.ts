import { type AgentPrincipal, parseSearchQuery } from '@parley/domain';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../src/db/sql.js';
import type { SearchCandidate } from '../src/modules/search/search-candidate.js';
import { ticketSearchConditions } from '../src/modules/search/search-conditions.js';
import { indexedMatches } from '../src/modules/search/search-indexed.js';
import { recentMatches } from '../src/modules/search/search-recent.js';
import type { ResolvedSearchFilters } from '../src/modules/search/search-filters.js';
import { createTestApp, describeEachDatabase, type TestApp } from './helpers/create-test-app.js';

const NO_TYPED_FILTERS: ResolvedSearchFilters = { statuses: [], priorities: [], channels: [], tags: [], contactIds: null, departmentIds: null, assignees: null, createdFrom: null, createdUntil: null };
const sources = ['subject', 'item', 'note', 'contact'] as const;
const key = (c: SearchCandidate) => `${c.source}:${c.docId}→${c.ticketId}`;

/**
 * The two passes of a search (search.service.ts) must find the same rows: the newest tickets matched by
 * substring (search-recent.ts) and the full-text indexes (search-indexed.ts, FTS5 or GIN). The service
 * only reaches the second on a desk with over a thousand tickets, so each pass is run here over all of a
 * small desk and their answers compared, word kind by word kind, with the agent's reach applied.
 */
describeEachDatabase('search: the recent pass and the index pass agree', (db) => {
  let t: TestApp;
  let agent: AgentPrincipal;
  let lastTicket = 0;
  const tickets: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp({ db });
    const support = await t.department('Support');
    const billing = await t.department('Billing');
    const create = async (name: string, body: Record<string, unknown>) => {
      const res = await t.admin.post('/api/v1/tickets', { channel: 'email', departmentId: support, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      tickets[name] = res.body.ticket.id;
      lastTicket = Math.max(lastTicket, res.body.ticket.id);
      return res.body.ticket.id as number;
    };
    await create('bg', { subject: 'Принтер не печата', message: 'Принтерът в офиса спря да печата.', contact: { email: 'ivan@example.bg', name: 'Иван Петров' } });
    await create('el', { subject: 'Λογαριασμός', message: 'Ο λογαριασμός μου χρεώθηκε δύο φορές.', contact: { email: 'eleni@example.gr' } });
    await create('lv', { subject: 'Rēķins', message: 'Rēķins nav samaksāts, paldies.', contact: { email: 'janis@example.lv', name: 'Jānis Bērziņš' } });
    const en = await create('en', { subject: 'Charged twice', message: 'I was charged twice for one order.', contact: { email: 'ann@example.com', name: 'Ann Printer' } });
    await create('refund', { subject: 'Refund', message: 'Twice charged? No: charged twice, refund please.', contact: { email: 'ann@example.com' } });
    await create('billing', { subject: 'Printer invoice', message: 'The printer invoice, charged twice.', contact: { email: 'cfo@corp.example' }, departmentId: billing });
    // Longer than PostgreSQL indexes a row's text (50,000 characters): found through its `#long` lexeme and the substring check.
    await create('long', { subject: 'Long letter', message: `${'filler words again '.repeat(3_500)}the quokka smiled`, contact: { email: 'long@example.com' } });
    for (const id of [en, tickets.refund!]) {
      expect((await t.admin.post(`/api/v1/tickets/${id}/internal-notes`, { body: 'Internal: customer was charged twice, printer unrelated.' })).status).toBe(201);
    }
    expect((await t.admin.put(`/api/v1/tickets/${tickets.bg}/note`, { body: 'Принтерът е HP.' })).status).toBeLessThan(300);
    const id = await t.agent({ name: 'Maria', departmentIds: [support] });
    agent = { kind: 'agent', agentId: id.id, role: 'agent', departmentIds: [support] };
  }, 60_000);
  afterAll(() => t?.close());

  const passes = async (q: string, before = lastTicket + 1) => {
    const em = t.app.orm.em.fork();
    const query = sql(em);
    const words = parseSearchQuery(q);
    const conditions = ticketSearchConditions(query, agent, {}, NO_TYPED_FILTERS);
    const recent = await recentMatches(query, words, conditions, 1000, [2, 3, 1000]);
    const recentOlder = recent.candidates.filter((c) => c.ticketId < before).map(key).sort();
    const indexed = (await Promise.all(sources.map((source) => indexedMatches(query, source, words, conditions, before, 1000)))).flat().map(key).sort();
    return { recent: recentOlder, indexed, readAll: recent.readDownTo === null };
  };

  it('on words in several languages, case and diacritics folded, prefixes, phrases and exclusions', async () => {
    for (const q of ['принтер ', 'ПРИНТ', 'λογαριασμος ', 'rekins ', 'berzins ', 'printer ', 'print', '"charged twice"', '"twice charged"', 'charged -refund', 'twice order ', 'zebra ']) {
      const { recent, indexed, readAll } = await passes(q);
      expect(readAll, q).toBe(true);
      expect(recent, q).toEqual(indexed);
    }
    expect((await passes('"charged twice"')).indexed.length).toBeGreaterThan(4);
  });

  it('find words and phrases past the part of a long message PostgreSQL indexes, and nothing else through it', async () => {
    for (const q of ['quokka ', '"quokka smiled"', '"the quokka"']) {
      const { recent, indexed } = await passes(q);
      expect(indexed, q).toHaveLength(1);
      expect(indexed[0], q).toMatch(new RegExp(`^item:\\d+→${tickets.long}$`));
      expect(recent, q).toEqual(indexed);
    }
    expect((await passes('"smiled quokka"')).indexed).toEqual([]);
  });

  it('keep to the agent’s reach and to tickets older than where the first pass stopped', async () => {
    const { indexed } = await passes('printer ');
    expect(indexed.some((k) => k.endsWith(`→${tickets.billing}`))).toBe(false);
    expect(indexed.some((k) => k.endsWith(`→${tickets.en}`))).toBe(true);
    const older = await passes('"charged twice"', tickets.refund!);
    expect(older.indexed.length).toBeGreaterThan(0);
    expect(older.indexed.every((k) => Number(k.split('→')[1]) < tickets.refund!)).toBe(true);
    expect(older.recent).toEqual(older.indexed);
  });
});
