import { Migration } from '@mikro-orm/migrations';

/**
 * Full-text search: each searchable row keeps its folded words in `search_text` (written with the row, by
 * the domain's folding), and a GIN index over `to_tsvector('simple', search_text)` is kept by PostgreSQL in
 * the same transaction. 'simple' only splits and lower-cases: the words are folded already, exactly as on
 * SQLite. Rows from before are indexed by the server's backfill (search_text is null until then).
 */
const SEARCHED = ['ticket', 'thread_item', 'contact', 'company', 'editable_note'] as const;

export class Migration20261205230001_search extends Migration {

  override name = 'Migration20261205230001_search';

  override up(): void | Promise<void> {
    for (const table of SEARCHED) {
      this.addSql(`alter table "${table}" add column "search_text" text null;`);
      this.addSql(`create index "${table}_search_idx" on "${table}" using gin (to_tsvector('simple'::regconfig, coalesce("search_text", '')));`);
    }
  }

  override down(): void | Promise<void> {
    for (const table of SEARCHED) {
      this.addSql(`drop index "${table}_search_idx";`);
      this.addSql(`alter table "${table}" drop column "search_text";`);
    }
  }

}
