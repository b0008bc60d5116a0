import { Migration } from '@mikro-orm/migrations';

const SEARCHED = ['ticket', 'thread_item', 'contact', 'company', 'editable_note'] as const;

/**
 * Phrases through the GIN index: each searchable row is indexed by its words and every pair of adjacent
 * words ("order please"), so a phrase of two common words asks the index for its pairs, which are rare,
 * instead of for every row holding both words (GIN keeps no positions, and checking the order of tens of
 * thousands of such rows took half a second on 10,000,000 messages).
 *
 * `parley_search_lexemes` takes the stored search text as it is (the domain's folded words joined by single
 * spaces) without PostgreSQL's parser, so the index holds exactly the domain's words. Only the first
 * 50,000 characters are indexed, which keeps any row's tsvector under PostgreSQL's 1 MB limit however long an
 * email's text (to_tsvector refuses a text of 30,000 distinct words, failing the write); a longer row also gets the lexeme `#long`
 * (never a word: words are letters and digits), which every search asks for, so it stays findable by
 * the substring checks that follow (modules/search/search-match.ts, LONG_DOCUMENT_LEXEME).
 * The loop appends in place (plpgsql's expanded arrays): about 4 µs for a ten-word message, as to_tsvector.
 */
export class Migration20261206060000_search_phrase_pairs extends Migration {

  override name = 'Migration20261206060000_search_phrase_pairs';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function parley_search_lexemes(document text) returns tsvector
      language plpgsql immutable strict parallel safe as $$
      declare
        words text[] := array_remove(string_to_array(left(document, 50000), ' '), '');
        lexemes text[] := words;
      begin
        for i in 1 .. cardinality(words) - 1 loop
          lexemes := array_append(lexemes, words[i] || ' ' || words[i + 1]);
        end loop;
        if length(document) > 50000 then
          lexemes := array_append(lexemes, '#long');
        end if;
        return array_to_tsvector(lexemes);
      end $$;`);
    for (const table of SEARCHED) {
      this.addSql(`drop index if exists "${table}_search_idx";`);
      this.addSql(`create index "${table}_search_idx" on "${table}" using gin (parley_search_lexemes(coalesce("search_text", '')));`);
    }
  }

  override down(): void | Promise<void> {
    for (const table of SEARCHED) {
      this.addSql(`drop index if exists "${table}_search_idx";`);
      this.addSql(`create index "${table}_search_idx" on "${table}" using gin (to_tsvector('simple'::regconfig, coalesce("search_text", '')));`);
    }
    this.addSql('drop function parley_search_lexemes(text);');
  }

}
