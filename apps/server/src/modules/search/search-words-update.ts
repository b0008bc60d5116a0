import { searchDocument } from '@parley/domain';
import { sql as sqlTag } from 'kysely';
import type { Em } from '../../db/orm.js';
import { sql } from '../../db/sql.js';

/**
 * Adds words to a thread item's search text in the caller's transaction: the names of files bound to it
 * after it was written (an agent's or a visitor's upload). A row not yet indexed (null, from before search)
 * is left to the backfill, which reads its files itself.
 */
export async function addFileNamesToSearch(em: Em, threadItemId: number, fileNames: readonly string[]): Promise<void> {
  const words = searchDocument(fileNames);
  if (words === '') return;
  await sql(em)
    .db.updateTable('thread_item')
    .set({ search_text: sqlTag`case when search_text is null then null when search_text = '' then ${words} else search_text || ' ' || ${words} end` } as never)
    .where('id', '=', threadItemId)
    .execute();
}
