import { Migration } from '@mikro-orm/migrations';

/**
 * An article's lexemes stored beside it (PostgreSQL only; SQLite's articles have their FTS5 table). With the
 * index on the expression, PostgreSQL rebuilt each candidate's lexemes to check it: a word found in every
 * article cost 0.5–1.5 s; from the stored column the check is a read.
 */
export class Migration20261206203500_kb_search_lexemes extends Migration {

  override name = 'Migration20261206203500_kb_search_lexemes';

  override up(): void | Promise<void> {

    this.addSql(`alter table "kb_article" add column "search_lexemes" tsvector generated always as (parley_search_lexemes(coalesce("search_text", ''))) stored;`);
    this.addSql(`drop index if exists "kb_article_search_idx";`);
    this.addSql(`create index "kb_article_search_idx" on "kb_article" using gin ("search_lexemes");`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop index if exists "kb_article_search_idx";`);
    this.addSql(`alter table "kb_article" drop column "search_lexemes";`);
    this.addSql(`create index "kb_article_search_idx" on "kb_article" using gin (parley_search_lexemes(coalesce("search_text", '')));`);
  }

}
