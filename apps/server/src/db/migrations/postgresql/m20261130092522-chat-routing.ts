import { Migration } from '@mikro-orm/migrations';

export class Migration20261130092522_chat_routing extends Migration {

  override name = 'Migration20261130092522_chat_routing';

  override up(): void | Promise<void> {
    this.addSql(`create table "chat_session" ("ticket_id" int not null, "phase" text not null, "department_id" int null, "owner_agent_id" int null, "participant_ids" jsonb not null, "offered_agent_ids" jsonb not null, "declined_agent_ids" jsonb not null, "target_agent_id" int null, "preview" varchar(200) not null, "offer_round" int not null default 0, "waiting_since" timestamptz not null, "offered_at" timestamptz not null, "accepted_at" timestamptz null, "owner_absent_since" timestamptz null, "updated_at" timestamptz not null, primary key ("ticket_id"));`);
    this.addSql(`create index "chat_session_phase_index" on "chat_session" ("phase");`);
    this.addSql(`create index "chat_session_owner_agent_id_index" on "chat_session" ("owner_agent_id");`);

    this.addSql(`alter table "agent" add "max_concurrent_chats" int not null default 3, add "last_chat_at" timestamptz null;`);

    this.addSql(`alter table "chat_session" add constraint "chat_session_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "chat_session" add constraint "chat_session_department_id_foreign" foreign key ("department_id") references "department" ("id") on delete set null;`);
    this.addSql(`alter table "chat_session" add constraint "chat_session_owner_agent_id_foreign" foreign key ("owner_agent_id") references "agent" ("id") on delete set null;`);
    this.addSql(`alter table "chat_session" add constraint "chat_session_target_agent_id_foreign" foreign key ("target_agent_id") references "agent" ("id") on delete set null;`);
    this.addSql(`alter table "chat_session" add constraint "chat_session_phase_check" check ("phase" in ('waiting', 'offered', 'active', 'ended'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "chat_session" cascade;`);

    this.addSql(`alter table "agent" drop column "max_concurrent_chats", drop column "last_chat_at";`);
  }

}
