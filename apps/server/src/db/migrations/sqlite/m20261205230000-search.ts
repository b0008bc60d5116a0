import { Migration } from '@mikro-orm/migrations';

/**
 * Full-text search: each searchable row keeps its folded words in `search_text` (written with the row, by
 * the domain's folding), and an FTS5 index over that column is kept by triggers in the same transaction.
 * The FTS5 tables take their text from the rows (external content), so the words are stored once. Rows from
 * before are indexed by the server's backfill (search_text is null until then).
 */
const SEARCHED = [
  { table: 'ticket', index: 'ticket_search' },
  { table: 'thread_item', index: 'thread_item_search' },
  { table: 'contact', index: 'contact_search' },
  { table: 'company', index: 'company_search' },
  { table: 'editable_note', index: 'editable_note_search' },
] as const;

export class Migration20261205230000_search extends Migration {

  override name = 'Migration20261205230000_search';

  override up(): void | Promise<void> {
    for (const { table, index } of SEARCHED) {
      this.addSql(`alter table \`${table}\` add column \`search_text\` text null;`);
      // The text is folded already (packages/domain search-text.ts); the tokenizer only splits at the spaces.
      // The prefix index of three letters serves words typed half-way (search-match.ts).
      this.addSql(`create virtual table \`${index}\` using fts5(search_text, content='${table}', content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='3');`);
      this.addSql(`create trigger \`${index}_insert\` after insert on \`${table}\` when new.search_text <> '' begin insert into \`${index}\`(rowid, search_text) values (new.id, new.search_text); end;`);
      this.addSql(`create trigger \`${index}_delete\` after delete on \`${table}\` when old.search_text <> '' begin insert into \`${index}\`(\`${index}\`, rowid, search_text) values ('delete', old.id, old.search_text); end;`);
      this.addSql(
        `create trigger \`${index}_update\` after update of search_text on \`${table}\` begin ` +
          `insert into \`${index}\`(\`${index}\`, rowid, search_text) select 'delete', old.id, old.search_text where old.search_text <> ''; ` +
          `insert into \`${index}\`(rowid, search_text) select new.id, new.search_text where new.search_text <> ''; end;`,
      );
    }
  }

  override down(): void | Promise<void> {
    for (const { table, index } of SEARCHED) {
      this.addSql(`drop trigger \`${index}_insert\`;`);
      this.addSql(`drop trigger \`${index}_delete\`;`);
      this.addSql(`drop trigger \`${index}_update\`;`);
      this.addSql(`drop table \`${index}\`;`);
      this.addSql(`alter table \`${table}\` drop column \`search_text\`;`);
    }
  }

}
