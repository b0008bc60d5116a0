import { companySearchText, contactSearchText, noteSearchText, threadItemSearchText, ticketSearchText } from '@parley/domain';
import { sql as sqlTag } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { Em } from '../../db/orm.js';
import { sql } from '../../db/sql.js';
import { SystemSetting } from '../agents/agent.entity.js';

/** The searchable tables, in the order the index is built. */
export const SEARCHED_TABLES = ['ticket', 'thread_item', 'editable_note', 'contact', 'company'] as const;
export type SearchedTable = (typeof SEARCHED_TABLES)[number];

/** Rows read and written per transaction: small enough that live writes wait only a moment between them. */
export const REINDEX_BATCH = 1000;

/** Set once every row from before full-text search has its search text: later starts skip the pass. */
export const BACKFILL_DONE_SETTING = 'search.backfill_done';

type Row = Record<string, unknown>;

/** Each table's columns the search text is made from, and how. */
const DOCUMENTS: Record<SearchedTable, { columns: readonly string[]; text: (row: Row, fileNames: readonly string[]) => string }> = {
  ticket: { columns: ['subject'], text: (r) => ticketSearchText(String(r.subject)) },
  thread_item: { columns: ['kind', 'body'], text: (r, files) => threadItemSearchText({ kind: String(r.kind), body: String(r.body) }, files) },
  editable_note: { columns: ['body'], text: (r) => noteSearchText(String(r.body)) },
  contact: {
    columns: ['name', 'primary_email', 'phones'],
    text: (r) => contactSearchText({ name: (r.name as string | null) ?? null, primaryEmail: (r.primary_email as string | null) ?? null, phones: json(r.phones) }),
  },
  company: { columns: ['name', 'domains'], text: (r) => companySearchText({ name: String(r.name), domains: json(r.domains) }) },
};

function json(value: unknown): string[] {
  return (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as string[];
}

/**
 * Writes the search text of the rows of `table` with ids in (afterId, afterId + REINDEX_BATCH], in one
 * transaction: all of them (`all`) or those without one yet (`missing`). The database's index follows in the
 * same transaction (triggers on SQLite, the GIN index on PostgreSQL). Answers how many rows were written.
 */
export async function reindexRange(em: Em, table: SearchedTable, afterId: number, mode: 'all' | 'missing'): Promise<number> {
  return em.fork().transactional(async (tx) => {
    const query = sql(tx as Em);
    const { columns, text } = DOCUMENTS[table];
    const missing = mode === 'missing' ? sqlTag` and search_text is null` : sqlTag``;
    const { rows } = await sqlTag<Row>`select id, ${sqlTag.join(columns.map((c) => sqlTag.ref(c)))} from ${sqlTag.table(table)}
      where id > ${afterId} and id <= ${afterId + REINDEX_BATCH}${missing} order by id`.execute(query.db);
    if (rows.length === 0) return 0;
    const files = table === 'thread_item' ? await fileNamesOf(tx as Em, rows.map((r) => Number(r.id))) : new Map<number, string[]>();
    for (const row of rows) {
      const id = Number(row.id);
      await sqlTag`update ${sqlTag.table(table)} set search_text = ${text(row, files.get(id) ?? [])} where id = ${id}`.execute(query.db);
    }
    return rows.length;
  });
}

async function fileNamesOf(em: Em, itemIds: readonly number[]): Promise<Map<number, string[]>> {
  const rows = await sql(em)
    .db.selectFrom('attachment')
    .select(['thread_item_id', 'filename'])
    .where('thread_item_id', 'in', [...itemIds])
    .orderBy('created_at')
    .execute();
  const names = new Map<number, string[]>();
  for (const row of rows) {
    const id = Number(row.thread_item_id);
    names.set(id, [...(names.get(id) ?? []), row.filename]);
  }
  return names;
}

async function maxId(em: Em, table: SearchedTable): Promise<number> {
  const { rows } = await sqlTag<{ top: unknown }>`select max(id) as top from ${sqlTag.table(table)}`.execute(sql(em).db);
  return Number(rows[0]?.top ?? 0);
}

export interface ReindexProgress {
  readonly table: SearchedTable;
  readonly done: number;
  readonly total: number;
  readonly written: number;
}

/**
 * Walks every searchable table by id in batches, writing the search text of all rows or of those missing
 * one. Rows written meanwhile carry their own. On SQLite a full run ends by rebuilding each FTS5 index
 * from its table, which also repairs an index that a restored backup or a hand edit left behind.
 */
export async function reindexSearch(app: AppContext, mode: 'all' | 'missing', progress?: (p: ReindexProgress) => void, shouldStop: () => boolean = () => false): Promise<{ written: number; finished: boolean }> {
  const em = app.orm.em.fork() as Em;
  let written = 0;
  for (const table of SEARCHED_TABLES) {
    const top = await maxId(em, table);
    for (let after = 0; after < top; after += REINDEX_BATCH) {
      if (shouldStop()) return { written, finished: false };
      const count = await reindexRange(em, table, after, mode);
      written += count;
      progress?.({ table, done: Math.min(after + REINDEX_BATCH, top), total: top, written });
    }
    if (mode === 'all' && sql(em).dialect === 'sqlite') await rebuildFts5Index(em, table);
    // PostgreSQL plans a search by how common its words are: the expression index's statistics must be fresh.
    if (sql(em).dialect === 'postgresql') await sqlTag`analyze ${sqlTag.table(table)}`.execute(sql(em).db);
  }
  return { written, finished: true };
}

/** Rebuilds a table's FTS5 index from its rows (SQLite). */
export async function rebuildFts5Index(em: Em, table: SearchedTable): Promise<void> {
  const index = sqlTag.table(`${table}_search`);
  await sqlTag`insert into ${index}(${index}) values ('rebuild')`.execute(sql(em).db);
}

/**
 * Gives rows from before full-text search their search text, in the background after a start, once: the
 * pass is remembered as done, so later starts cost one lookup.
 */
export async function backfillSearch(app: AppContext, shouldStop: () => boolean): Promise<number> {
  const em = app.orm.em.fork() as Em;
  if (await em.findOne(SystemSetting, { key: BACKFILL_DONE_SETTING })) return 0;
  const { written, finished } = await reindexSearch(app, 'missing', undefined, shouldStop);
  if (finished) await em.upsert(SystemSetting, { key: BACKFILL_DONE_SETTING, value: new Date().toISOString() });
  if (written > 0) app.logger.info({ written }, 'search: indexed rows from before full-text search');
  return written;
}
