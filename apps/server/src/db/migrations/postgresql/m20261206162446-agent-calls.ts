import { Migration } from '@mikro-orm/migrations';

export class Migration20261206162446_agent_calls extends Migration {

  override name = 'Migration20261206162446_agent_calls';

  override up(): void | Promise<void> {
    this.addSql(`create table "agent_call" ("id" serial primary key, "conversation_id" int not null, "ticket_id" int null, "caller_agent_id" int not null, "client_id" varchar(64) not null, "status" varchar(8) not null, "state" jsonb not null, "next_deadline" timestamptz null, "version" int not null default 0, "started_at" timestamptz not null, "ended_at" timestamptz null);`);
    this.addSql(`create index "agent_call_status_idx" on "agent_call" ("status");`);
    this.addSql(`create index "agent_call_deadline_idx" on "agent_call" ("next_deadline");`);
    this.addSql(`alter table "agent_call" add constraint "agent_call_client_id_unique" unique ("caller_agent_id", "client_id");`);

    this.addSql(`alter table "agent_call" add constraint "agent_call_conversation_id_foreign" foreign key ("conversation_id") references "team_conversation" ("id") on delete cascade;`);
    this.addSql(`alter table "agent_call" add constraint "agent_call_caller_agent_id_foreign" foreign key ("caller_agent_id") references "agent" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "agent_call" cascade;`);
  }

}
