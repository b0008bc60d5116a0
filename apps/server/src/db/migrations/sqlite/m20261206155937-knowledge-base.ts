import { Migration } from '@mikro-orm/migrations';

/** The knowledge base: categories, articles with their revisions and pictures, and the articles' full-text index. */
export class Migration20261206155937_knowledge_base extends Migration {

  override name = 'Migration20261206155937_knowledge_base';

  override up(): void | Promise<void> {
    this.addSql(`create table \`kb_category\` (\`id\` integer not null primary key autoincrement, \`names\` json not null, \`description\` text null, \`position\` integer not null default 0, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);

    this.addSql(`create table \`kb_article\` (\`id\` integer not null primary key autoincrement, \`translation_group_id\` integer not null, \`language\` text check (\`language\` in ('bg', 'el', 'en', 'lv', 'ru', 'uk')) not null, \`slug\` text not null, \`title\` text not null, \`body\` text not null, \`body_text\` text not null, \`tags\` json not null, \`status\` text check (\`status\` in ('draft', 'published')) not null, \`visibility\` text check (\`visibility\` in ('public', 'internal')) not null, \`category_id\` integer null, \`revision\` integer not null, \`helpful_yes\` integer not null default 0, \`helpful_no\` integer not null default 0, \`search_text\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`published_at\` datetime null, \`updated_by_id\` integer null, constraint \`kb_article_category_id_foreign\` foreign key (\`category_id\`) references \`kb_category\` (\`id\`) on delete set null, constraint \`kb_article_updated_by_id_foreign\` foreign key (\`updated_by_id\`) references \`agent\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`kb_article_group\` on \`kb_article\` (\`translation_group_id\`);`);
    this.addSql(`create index \`kb_article_category_id_index\` on \`kb_article\` (\`category_id\`);`);
    this.addSql(`create index \`kb_article_updated_by_id_index\` on \`kb_article\` (\`updated_by_id\`);`);
    this.addSql(`create index \`kb_article_listing\` on \`kb_article\` (\`language\`, \`status\`, \`visibility\`);`);
    this.addSql(`create unique index \`kb_article_language_slug\` on \`kb_article\` (\`language\`, \`slug\`);`);

    this.addSql(`create table \`kb_revision\` (\`id\` integer not null primary key autoincrement, \`article_id\` integer not null, \`revision\` integer not null, \`kind\` text check (\`kind\` in ('created', 'edited', 'restored')) not null, \`restored_from\` integer null, \`changed\` json not null, \`agent_id\` integer null, \`agent_name\` text null, \`title\` text not null, \`slug\` text not null, \`language\` text check (\`language\` in ('bg', 'el', 'en', 'lv', 'ru', 'uk')) not null, \`body\` text not null, \`tags\` json not null, \`status\` text check (\`status\` in ('draft', 'published')) not null, \`visibility\` text check (\`visibility\` in ('public', 'internal')) not null, \`category_id\` integer null, \`created_at\` datetime not null, constraint \`kb_revision_article_id_foreign\` foreign key (\`article_id\`) references \`kb_article\` (\`id\`) on delete cascade, constraint \`kb_revision_agent_id_foreign\` foreign key (\`agent_id\`) references \`agent\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`kb_revision_article_id_index\` on \`kb_revision\` (\`article_id\`);`);
    this.addSql(`create index \`kb_revision_agent_id_index\` on \`kb_revision\` (\`agent_id\`);`);
    this.addSql(`create unique index \`kb_revision_article_revision\` on \`kb_revision\` (\`article_id\`, \`revision\`);`);

    this.addSql(`create table \`kb_article_file\` (\`id\` integer not null primary key autoincrement, \`article_id\` integer not null, \`attachment_id\` text not null, constraint \`kb_article_file_article_id_foreign\` foreign key (\`article_id\`) references \`kb_article\` (\`id\`) on delete cascade, constraint \`kb_article_file_attachment_id_foreign\` foreign key (\`attachment_id\`) references \`attachment\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`kb_article_file_article_id_index\` on \`kb_article_file\` (\`article_id\`);`);
    this.addSql(`create index \`kb_article_file_attachment_id_index\` on \`kb_article_file\` (\`attachment_id\`);`);
    this.addSql(`create unique index \`kb_article_file_pair\` on \`kb_article_file\` (\`article_id\`, \`attachment_id\`);`);

    // Full-text search over the articles' folded words, kept by triggers as ticket search's indexes are
    // (migration "search"): external content, the text folded by the domain, a three-letter prefix index.
    this.addSql(`create virtual table \`kb_article_search\` using fts5(search_text, content='kb_article', content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='3');`);
    this.addSql(`create trigger \`kb_article_search_insert\` after insert on \`kb_article\` when new.search_text <> '' begin insert into \`kb_article_search\`(rowid, search_text) values (new.id, new.search_text); end;`);
    this.addSql(`create trigger \`kb_article_search_delete\` after delete on \`kb_article\` when old.search_text <> '' begin insert into \`kb_article_search\`(\`kb_article_search\`, rowid, search_text) values ('delete', old.id, old.search_text); end;`);
    this.addSql(
      `create trigger \`kb_article_search_update\` after update of search_text on \`kb_article\` begin ` +
        `insert into \`kb_article_search\`(\`kb_article_search\`, rowid, search_text) select 'delete', old.id, old.search_text where old.search_text <> ''; ` +
        `insert into \`kb_article_search\`(rowid, search_text) select new.id, new.search_text where new.search_text <> ''; end;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger \`kb_article_search_insert\`;`);
    this.addSql(`drop trigger \`kb_article_search_delete\`;`);
    this.addSql(`drop trigger \`kb_article_search_update\`;`);
    this.addSql(`drop table \`kb_article_search\`;`);

    this.addSql(`drop table if exists \`kb_category\`;`);
    this.addSql(`drop table if exists \`kb_article\`;`);
    this.addSql(`drop table if exists \`kb_revision\`;`);
    this.addSql(`drop table if exists \`kb_article_file\`;`);
  }

}
