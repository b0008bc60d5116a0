import { isEmptySearch, parseSearchQuery, type SearchQuery, searchSnippet, type SnippetPart } from '@parley/domain';
import type { CompanySearchHit, ContactSearchHit, SearchMatchSource, SearchRequest, SearchResultsDto, TicketSearchHit } from '@parley/protocol';
import { sql as sqlTag } from 'kysely';
import type { AgentScope } from '../../app-context.js';
import { type Sql, sql } from '../../db/sql.js';
import type { Em } from '../../db/orm.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { Company, Contact } from '../contacts/contact.entity.js';
import { EditableNote } from '../notes/editable-note.entity.js';
import { ThreadItem, Ticket } from '../tickets/ticket.entity.js';
import { presentTickets } from '../tickets/ticket.service.js';
import type { CandidateSource, SearchCandidate } from './search-candidate.js';
import { directoryMatches, indexedMatches } from './search-indexed.js';
import { recentMatches } from './search-recent.js';
import { ticketSearchConditions } from './search-conditions.js';
import { resolveSearchFilters } from './search-filters.js';

type Condition = ReturnType<typeof ticketSearchConditions>;

const DIRECTORY_LIMIT = 5;
/** A subject that matches says more about a ticket than a word somewhere in a long thread. */
const SOURCE_WEIGHT: Record<CandidateSource, number> = { subject: 2, item: 1, note: 1, contact: 1 };

/**
 * The search box: tickets the agent may see that match (ranked, each with a snippet of where it matched),
 * and contacts and companies in their own groups. Every statement carries the agent's reach, so neither a
 * ticket nor a snippet of one outside it is ever read.
 */
export async function search(scope: AgentScope, input: SearchRequest): Promise<SearchResultsDto> {
  const { q, timeZone, limit, ...list } = input;
  const words = parseSearchQuery(q);
  if (isEmptySearch(words)) return { tickets: [], contacts: [], companies: [], problems: [...words.problems] };
  const em = scope.em;
  const query = sql(em);
  const { resolved, problems } = await resolveSearchFilters(em, scope.agent.agentId, words.filters, timeZone ?? 'UTC');
  const conditions = ticketSearchConditions(query, scope.agent, list, resolved);
  const hasWords = words.terms.length + words.phrases.length > 0;

  let ranked: SearchCandidate[];
  if (hasWords) {
    const [byNumber, found] = await Promise.all([ticketsByNumber(em, words, conditions), matchingTickets(query, words, conditions, limit)]);
    ranked = rankTickets([...byNumber, ...found]).slice(0, limit);
  } else {
    ranked = (await filteredTickets(query, conditions, limit)).map((ticketId) => ({ ticketId, source: 'subject', docId: ticketId, score: 0 }));
  }
  const [tickets, contacts, companies] = await Promise.all([
    presentHits(em, ranked, words, hasWords),
    hasWords ? contactHits(em, words) : [],
    hasWords ? companyHits(em, words) : [],
  ]);
  return { tickets, contacts, companies, problems: [...words.problems, ...problems] };
}

const SOURCES: readonly CandidateSource[] = ['subject', 'item', 'note', 'contact'];

/**
 * Where the words are, newest tickets first: the newest tickets the agent may see are read and matched
 * (search-recent.ts) until `wanted` tickets matched; if they run out first, the full-text indexes find the
 * older matches (search-indexed.ts). Ranking is among what was found.
 */
async function matchingTickets(query: Sql, words: SearchQuery, conditions: Condition, wanted: number): Promise<SearchCandidate[]> {
  const recent = await recentMatches(query, words, conditions, wanted);
  const before = recent.readDownTo;
  if (before === null || recent.tickets >= wanted) return recent.candidates;
  const older = await Promise.all(SOURCES.map((source) => indexedMatches(query, source, words, conditions, before, wanted - recent.tickets)));
  return [...recent.candidates, ...older.flat()];
}

/** Tickets by the filters alone (no words asked), newest first. */
async function filteredTickets(query: Sql, conditions: Condition, limit: number): Promise<number[]> {
  const { rows } = await sqlTag<{ id: unknown }>`select t.id as id from ticket t where ${conditions} order by t.id desc limit ${limit}`.execute(query.db);
  return rows.map((row) => Number(row.id));
}

/** A number typed alone ("1042" or "#1042") also finds that ticket, first. */
async function ticketsByNumber(em: Em, words: SearchQuery, conditions: Condition): Promise<SearchCandidate[]> {
  const ids = words.terms.map((term) => term.word).filter((word) => /^\d{1,15}$/.test(word)).map(Number).filter(Number.isSafeInteger);
  if (ids.length === 0) return [];
  const { rows } = await sqlTag<{ id: unknown }>`select t.id as id from ticket t where t.id in (${sqlTag.join(ids)}) and ${conditions}`.execute(sql(em).db);
  return rows.map((row) => ({ ticketId: Number(row.id), source: 'subject', docId: Number(row.id), score: Number.POSITIVE_INFINITY }));
}

/** Each ticket once, at its best match; best first, newer first among equals. */
function rankTickets(candidates: readonly SearchCandidate[]): SearchCandidate[] {
  const best = new Map<number, SearchCandidate>();
  for (const candidate of candidates) {
    const weighted = { ...candidate, score: candidate.score * SOURCE_WEIGHT[candidate.source] };
    const kept = best.get(candidate.ticketId);
    if (!kept || weighted.score > kept.score) best.set(candidate.ticketId, weighted);
  }
  return [...best.values()].sort((a, b) => b.score - a.score || b.ticketId - a.ticketId);
}

async function presentHits(em: Em, ranked: readonly SearchCandidate[], words: SearchQuery, hasWords: boolean): Promise<TicketSearchHit[]> {
  if (ranked.length === 0) return [];
  const docIds = (source: CandidateSource) => ranked.filter((hit) => hit.source === source).map((hit) => hit.docId);
  const itemIds = docIds('item');
  const [tickets, items, files, notes, contacts] = await Promise.all([
    em.find(Ticket, { id: { $in: ranked.map((hit) => hit.ticketId) } }),
    itemIds.length ? em.find(ThreadItem, { id: { $in: itemIds } }, { fields: ['id', 'kind', 'body'] }) : [],
    itemIds.length ? em.find(Attachment, { threadItem: { $in: itemIds } }, { fields: ['threadItem', 'filename'] }) : [],
    docIds('note').length ? em.find(EditableNote, { id: { $in: docIds('note') } }, { fields: ['id', 'body'] }) : [],
    docIds('contact').length ? em.find(Contact, { id: { $in: docIds('contact') } }, { fields: ['id', 'name', 'primaryEmail', 'phones'] }) : [],
  ]);
  const presented = new Map((await presentTickets(em, tickets)).map((dto) => [dto.id, dto]));
  const byId = <T extends { id: number }>(rows: readonly T[]) => new Map(rows.map((row) => [row.id, row]));
  const itemById = byId(items);
  const noteById = byId(notes);
  const contactById = byId(contacts);
  const hits: TicketSearchHit[] = [];
  for (const hit of ranked) {
    const ticket = presented.get(hit.ticketId);
    if (!ticket) continue;
    const snippetOf = (...texts: (string | null | undefined)[]): SnippetPart[] => {
      if (!hasWords) return [];
      for (const text of texts) {
        const snippet = text ? searchSnippet(text, words) : null;
        if (snippet) return snippet;
      }
      return [];
    };
    let matchedIn: SearchMatchSource | null = hasWords ? 'subject' : null;
    let threadItemId: number | null = null;
    let snippet: SnippetPart[] = snippetOf(ticket.subject);
    if (hit.source === 'item') {
      const item = itemById.get(hit.docId);
      if (item && item.kind !== 'system_event') {
        matchedIn = item.kind;
        threadItemId = item.id;
        const names = files.filter((file) => file.threadItem === item.id).map((file) => file.filename);
        snippet = snippetOf(item.body, names.join(', '));
      }
    } else if (hit.source === 'note') {
      matchedIn = 'ticket_note';
      snippet = snippetOf(noteById.get(hit.docId)?.body);
    } else if (hit.source === 'contact') {
      const contact = contactById.get(hit.docId);
      matchedIn = 'contact';
      snippet = snippetOf(contact?.name, contact?.primaryEmail, contact?.phones.join(', '));
    }
    hits.push({ ticket, matchedIn, threadItemId, snippet });
  }
  return hits;
}

async function contactHits(em: Em, words: SearchQuery): Promise<ContactSearchHit[]> {
  const found = await directoryMatches(sql(em), 'contact', words, DIRECTORY_LIMIT);
  if (found.length === 0) return [];
  const rows = new Map((await em.find(Contact, { id: { $in: found.map((hit) => hit.id) } }, { fields: ['id', 'name', 'primaryEmail', 'phones'] })).map((c) => [c.id, c]));
  return found.flatMap((hit) => {
    const contact = rows.get(hit.id);
    if (!contact) return [];
    const snippet = [contact.name, contact.primaryEmail, contact.phones.join(', ')].map((text) => (text ? searchSnippet(text, words) : null)).find(Boolean) ?? [];
    return [{ id: contact.id, name: contact.name ?? null, email: contact.primaryEmail ?? null, snippet }];
  });
}

async function companyHits(em: Em, words: SearchQuery): Promise<CompanySearchHit[]> {
  const found = await directoryMatches(sql(em), 'company', words, DIRECTORY_LIMIT);
  if (found.length === 0) return [];
  const rows = new Map((await em.find(Company, { id: { $in: found.map((hit) => hit.id) } })).map((c) => [c.id, c]));
  return found.flatMap((hit) => {
    const company = rows.get(hit.id);
    if (!company) return [];
    const snippet = searchSnippet(company.name, words) ?? searchSnippet(company.domains.join(', '), words) ?? [];
    return [{ id: company.id, name: company.name, snippet }];
  });
}
