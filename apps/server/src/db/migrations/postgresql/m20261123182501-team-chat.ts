import { Migration } from '@mikro-orm/migrations';

/** Every existing department gets its channel. */
export class Migration20261123182501_team_chat extends Migration {

  override name = 'Migration20261123182501_team_chat';

  override up(): void | Promise<void> {
    this.addSql(`create table "team_conversation" ("id" serial primary key, "kind" text not null, "name" varchar(80) null, "department_id" int null, "direct_key" varchar(40) null, "created_by_agent_id" int null, "created_at" timestamptz not null, "last_message_at" timestamptz null);`);
    this.addSql(`alter table "team_conversation" add constraint "team_conversation_department_id_unique" unique ("department_id");`);
    this.addSql(`alter table "team_conversation" add constraint "team_conversation_direct_key_unique" unique ("direct_key");`);

    this.addSql(`create table "team_member" ("conversation_id" int not null, "agent_id" int not null, "last_read_message_id" int not null default 0, "joined_at" timestamptz not null, primary key ("conversation_id", "agent_id"));`);
    this.addSql(`create index "team_member_agent_id_index" on "team_member" ("agent_id");`);

    this.addSql(`create table "team_message" ("id" serial primary key, "conversation_id" int not null, "author_agent_id" int null, "body" text not null, "mentions" jsonb not null, "client_id" varchar(64) null, "created_at" timestamptz not null);`);
    this.addSql(`create index "team_message_conversation_idx" on "team_message" ("conversation_id", "id");`);
    this.addSql(`alter table "team_message" add constraint "team_message_client_id_unique" unique ("author_agent_id", "client_id");`);

    this.addSql(`alter table "attachment" add "team_message_id" int null;`);
    this.addSql(`alter table "attachment" add constraint "attachment_team_message_id_foreign" foreign key ("team_message_id") references "team_message" ("id") on delete cascade;`);
    this.addSql(`create index "attachment_team_message_id_index" on "attachment" ("team_message_id");`);

    this.addSql(`alter table "team_conversation" add constraint "team_conversation_department_id_foreign" foreign key ("department_id") references "department" ("id") on delete cascade;`);
    this.addSql(`alter table "team_conversation" add constraint "team_conversation_created_by_agent_id_foreign" foreign key ("created_by_agent_id") references "agent" ("id") on delete set null;`);
    this.addSql(`alter table "team_conversation" add constraint "team_conversation_kind_check" check ("kind" in ('department', 'channel', 'direct'));`);

    this.addSql(`alter table "team_member" add constraint "team_member_conversation_id_foreign" foreign key ("conversation_id") references "team_conversation" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "team_member" add constraint "team_member_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "team_message" add constraint "team_message_conversation_id_foreign" foreign key ("conversation_id") references "team_conversation" ("id") on delete cascade;`);
    this.addSql(`alter table "team_message" add constraint "team_message_author_agent_id_foreign" foreign key ("author_agent_id") references "agent" ("id") on delete set null;`);
    this.addSql(`insert into "team_conversation" ("kind", "department_id", "created_at") select 'department', "id", now() from "department";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "team_member" drop constraint "team_member_conversation_id_foreign";`);
    this.addSql(`alter table "team_message" drop constraint "team_message_conversation_id_foreign";`);
    this.addSql(`alter table "attachment" drop constraint "attachment_team_message_id_foreign";`);

    this.addSql(`drop table if exists "team_conversation" cascade;`);
    this.addSql(`drop table if exists "team_member" cascade;`);
    this.addSql(`drop table if exists "team_message" cascade;`);

    this.addSql(`drop index "attachment_team_message_id_index";`);
    this.addSql(`alter table "attachment" drop column "team_message_id";`);
  }

}
