import { Migration } from '@mikro-orm/migrations';

export class Migration20261205011317_trash_and_spam extends Migration {

  override name = 'Migration20261205011317_trash_and_spam';

  override up(): void | Promise<void> {
    this.addSql(`create table "sender_block" ("id" serial primary key, "kind" text not null, "value" varchar(254) not null, "created_by_agent_id" int null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "sender_block" add constraint "sender_block_value_unique" unique ("value");`);

    this.addSql(`alter table "ticket" add "folder" varchar(8) not null default 'inbox', add "folder_changed_at" timestamptz null;`);
    this.addSql(`create index "ticket_folder_idx" on "ticket" ("folder", "folder_changed_at");`);

    this.addSql(`alter table "sender_block" add constraint "sender_block_created_by_agent_id_foreign" foreign key ("created_by_agent_id") references "agent" ("id") on delete set null;`);
    this.addSql(`alter table "sender_block" add constraint "sender_block_kind_check" check ("kind" in ('address', 'domain'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "sender_block" cascade;`);

    this.addSql(`drop index "ticket_folder_idx";`);
    this.addSql(`alter table "ticket" drop column "folder", drop column "folder_changed_at";`);
  }

}
