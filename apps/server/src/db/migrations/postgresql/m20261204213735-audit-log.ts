import { Migration } from '@mikro-orm/migrations';

export class Migration20261204213735_audit_log extends Migration {

  override name = 'Migration20261204213735_audit_log';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_entry" ("id" serial primary key, "occurred_at" timestamptz not null, "actor_kind" text not null, "actor_agent_id" int null, "actor_name" varchar(200) null, "actor_api_token_id" int null, "action" varchar(64) not null, "target_type" varchar(32) not null, "target_id" int not null, "target_label" varchar(300) not null, "changes" jsonb not null, "ip" varchar(64) null, "user_agent" varchar(500) null);`);
    this.addSql(`create index "audit_entry_occurred_at_index" on "audit_entry" ("occurred_at");`);
    this.addSql(`create index "audit_entry_actor_agent_id_index" on "audit_entry" ("actor_agent_id");`);
    this.addSql(`create index "audit_entry_action_index" on "audit_entry" ("action");`);
    this.addSql(`create index "audit_entry_target_type_index" on "audit_entry" ("target_type");`);

    this.addSql(`alter table "audit_entry" add constraint "audit_entry_actor_kind_check" check ("actor_kind" in ('agent', 'api_token', 'system'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "audit_entry" cascade;`);
  }

}
