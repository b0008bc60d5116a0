import { Migration } from '@mikro-orm/migrations';

export class Migration20261205004055_ticket_relations extends Migration {

  override name = 'Migration20261205004055_ticket_relations';

  override up(): void | Promise<void> {
    this.addSql(`create table "ticket_link" ("low_ticket_id" int not null, "high_ticket_id" int not null, "created_by_agent_id" int null, "created_at" timestamptz not null, primary key ("low_ticket_id", "high_ticket_id"));`);
    this.addSql(`create index "ticket_link_high_ticket_id_index" on "ticket_link" ("high_ticket_id");`);

    this.addSql(`create table "ticket_merge" ("id" serial primary key, "target_ticket_id" int not null, "source_ticket_id" int not null, "agent_id" int null, "moved_item_ids" jsonb not null, "source_before" jsonb not null, "added_cc" jsonb not null, "created_at" timestamptz not null, "undone_at" timestamptz null);`);
    this.addSql(`create index "ticket_merge_target_ticket_id_index" on "ticket_merge" ("target_ticket_id");`);
    this.addSql(`create index "ticket_merge_source_ticket_id_index" on "ticket_merge" ("source_ticket_id");`);

    this.addSql(`alter table "ticket" add "merged_into_id" int null;`);
    this.addSql(`create index "ticket_merged_into_id_index" on "ticket" ("merged_into_id");`);

    this.addSql(`alter table "ticket_link" add constraint "ticket_link_low_ticket_id_foreign" foreign key ("low_ticket_id") references "ticket" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "ticket_link" add constraint "ticket_link_high_ticket_id_foreign" foreign key ("high_ticket_id") references "ticket" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "ticket_link" add constraint "ticket_link_created_by_agent_id_foreign" foreign key ("created_by_agent_id") references "agent" ("id") on delete set null;`);

    this.addSql(`alter table "ticket_merge" add constraint "ticket_merge_target_ticket_id_foreign" foreign key ("target_ticket_id") references "ticket" ("id") on delete cascade;`);
    this.addSql(`alter table "ticket_merge" add constraint "ticket_merge_source_ticket_id_foreign" foreign key ("source_ticket_id") references "ticket" ("id") on delete cascade;`);
    this.addSql(`alter table "ticket_merge" add constraint "ticket_merge_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "ticket_link" cascade;`);
    this.addSql(`drop table if exists "ticket_merge" cascade;`);

    this.addSql(`drop index "ticket_merged_into_id_index";`);
    this.addSql(`alter table "ticket" drop column "merged_into_id";`);
  }

}
