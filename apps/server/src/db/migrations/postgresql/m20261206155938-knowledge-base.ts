import { Migration } from '@mikro-orm/migrations';

/** The knowledge base: categories, articles with their revisions and pictures, and the articles' full-text index. */
export class Migration20261206155938_knowledge_base extends Migration {

  override name = 'Migration20261206155938_knowledge_base';

  override up(): void | Promise<void> {
    this.addSql(`create table "kb_category" ("id" serial primary key, "names" jsonb not null, "description" text null, "position" int not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);

    this.addSql(`create table "kb_article" ("id" serial primary key, "translation_group_id" int not null, "language" text not null, "slug" varchar(400) not null, "title" varchar(200) not null, "body" text not null, "body_text" text not null, "tags" jsonb not null, "status" text not null, "visibility" text not null, "category_id" int null, "revision" int not null, "helpful_yes" int not null default 0, "helpful_no" int not null default 0, "search_text" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "published_at" timestamptz null, "updated_by_id" int null);`);
    this.addSql(`create index "kb_article_group" on "kb_article" ("translation_group_id");`);
    this.addSql(`create index "kb_article_category_id_index" on "kb_article" ("category_id");`);
    this.addSql(`create index "kb_article_listing" on "kb_article" ("language", "status", "visibility");`);
    this.addSql(`alter table "kb_article" add constraint "kb_article_language_slug" unique ("language", "slug");`);

    this.addSql(`create table "kb_revision" ("id" serial primary key, "article_id" int not null, "revision" int not null, "kind" text not null, "restored_from" int null, "changed" jsonb not null, "agent_id" int null, "agent_name" varchar(200) null, "title" varchar(200) not null, "slug" varchar(400) not null, "language" text not null, "body" text not null, "tags" jsonb not null, "status" text not null, "visibility" text not null, "category_id" int null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "kb_revision" add constraint "kb_revision_article_revision" unique ("article_id", "revision");`);

    this.addSql(`create table "kb_article_file" ("id" serial primary key, "article_id" int not null, "attachment_id" uuid not null);`);
    this.addSql(`create index "kb_article_file_attachment_id_index" on "kb_article_file" ("attachment_id");`);
    this.addSql(`alter table "kb_article_file" add constraint "kb_article_file_pair" unique ("article_id", "attachment_id");`);

    this.addSql(`alter table "kb_article" add constraint "kb_article_category_id_foreign" foreign key ("category_id") references "kb_category" ("id") on delete set null;`);
    this.addSql(`alter table "kb_article" add constraint "kb_article_updated_by_id_foreign" foreign key ("updated_by_id") references "agent" ("id") on delete set null;`);
    this.addSql(`alter table "kb_article" add constraint "kb_article_language_check" check ("language" in ('bg', 'el', 'en', 'lv', 'ru', 'uk'));`);
    this.addSql(`alter table "kb_article" add constraint "kb_article_status_check" check ("status" in ('draft', 'published'));`);
    this.addSql(`alter table "kb_article" add constraint "kb_article_visibility_check" check ("visibility" in ('public', 'internal'));`);

    this.addSql(`alter table "kb_revision" add constraint "kb_revision_article_id_foreign" foreign key ("article_id") references "kb_article" ("id") on delete cascade;`);
    this.addSql(`alter table "kb_revision" add constraint "kb_revision_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on delete set null;`);
    this.addSql(`alter table "kb_revision" add constraint "kb_revision_kind_check" check ("kind" in ('created', 'edited', 'restored'));`);
    this.addSql(`alter table "kb_revision" add constraint "kb_revision_language_check" check ("language" in ('bg', 'el', 'en', 'lv', 'ru', 'uk'));`);
    this.addSql(`alter table "kb_revision" add constraint "kb_revision_status_check" check ("status" in ('draft', 'published'));`);
    this.addSql(`alter table "kb_revision" add constraint "kb_revision_visibility_check" check ("visibility" in ('public', 'internal'));`);

    this.addSql(`alter table "kb_article_file" add constraint "kb_article_file_article_id_foreign" foreign key ("article_id") references "kb_article" ("id") on delete cascade;`);
    this.addSql(`alter table "kb_article_file" add constraint "kb_article_file_attachment_id_foreign" foreign key ("attachment_id") references "attachment" ("id") on delete cascade;`);

    // The articles' words through the same GIN expression as ticket search (migration "search-phrase-pairs").
    this.addSql(`create index "kb_article_search_idx" on "kb_article" using gin (parley_search_lexemes(coalesce("search_text", '')));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "kb_article" drop constraint "kb_article_category_id_foreign";`);
    this.addSql(`alter table "kb_revision" drop constraint "kb_revision_article_id_foreign";`);
    this.addSql(`alter table "kb_article_file" drop constraint "kb_article_file_article_id_foreign";`);

    this.addSql(`drop table if exists "kb_category" cascade;`);
    this.addSql(`drop table if exists "kb_article" cascade;`);
    this.addSql(`drop table if exists "kb_revision" cascade;`);
    this.addSql(`drop table if exists "kb_article_file" cascade;`);
  }

}
