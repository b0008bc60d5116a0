import { Migration } from '@mikro-orm/migrations';

export class Migration20261205004522_automation extends Migration {

  override name = 'Migration20261205004522_automation';

  override up(): void | Promise<void> {
    this.addSql(`create table "auto_assignment_turn" ("department_id" int not null, "agent_id" int not null, "last_assigned_at" timestamptz not null, primary key ("department_id", "agent_id"));`);

    this.addSql(`create table "department_auto_assignment" ("department_id" int not null, "mode" text not null, "max_open_tickets" int not null, "updated_at" timestamptz not null, primary key ("department_id"));`);

    this.addSql(`create table "time_rule" ("id" serial primary key, "position" int not null, "enabled" boolean not null default true, "name" varchar(200) not null, "time" jsonb not null, "conditions" jsonb not null, "actions" jsonb not null, "updated_by" int null, "updated_at" timestamptz not null);`);

    this.addSql(`create table "time_rule_firing" ("id" serial primary key, "rule_id" int not null, "ticket_id" int not null, "window_key" varchar(100) not null, "anchor_at" timestamptz not null, "fired_at" timestamptz not null);`);
    this.addSql(`create index "time_rule_firing_ticket_id_index" on "time_rule_firing" ("ticket_id");`);
    this.addSql(`create index "time_rule_firing_anchor_idx" on "time_rule_firing" ("rule_id", "ticket_id", "anchor_at");`);
    this.addSql(`alter table "time_rule_firing" add constraint "time_rule_firing_window_unique" unique ("rule_id", "ticket_id", "window_key");`);

    this.addSql(`create table "trigger_rule" ("id" serial primary key, "position" int not null, "enabled" boolean not null default true, "name" varchar(200) not null, "events" jsonb not null, "match" text not null, "conditions" jsonb not null, "actions" jsonb not null, "updated_by" int null, "updated_at" timestamptz not null);`);

    this.addSql(`create table "trigger_firing" ("id" serial primary key, "ticket_id" int not null, "rule_id" int not null, "fired_at" timestamptz not null);`);
    this.addSql(`create index "trigger_firing_rule_id_index" on "trigger_firing" ("rule_id");`);
    this.addSql(`create index "trigger_firing_ticket_idx" on "trigger_firing" ("ticket_id", "fired_at");`);

    this.addSql(`alter table "ticket" add "status_changed_at" timestamptz null;`);
    // Rows from before the column: their last change is the best anchor known.
    this.addSql(`update "ticket" set "status_changed_at" = "updated_at";`);
    this.addSql(`create index "ticket_status_created_idx" on "ticket" ("status", "created_at");`);
    this.addSql(`create index "ticket_status_changed_idx" on "ticket" ("status", "status_changed_at");`);
    this.addSql(`create index "ticket_status_customer_message_idx" on "ticket" ("status", "last_customer_message_at");`);
    this.addSql(`create index "ticket_status_agent_reply_idx" on "ticket" ("status", "last_agent_reply_at");`);

    this.addSql(`alter table "auto_assignment_turn" add constraint "auto_assignment_turn_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "auto_assignment_turn" add constraint "auto_assignment_turn_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "department_auto_assignment" add constraint "department_auto_assignment_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "department_auto_assignment" add constraint "department_auto_assignment_mode_check" check ("mode" in ('off', 'round_robin', 'least_loaded'));`);

    this.addSql(`alter table "time_rule" add constraint "time_rule_updated_by_foreign" foreign key ("updated_by") references "agent" ("id") on delete set null;`);

    this.addSql(`alter table "time_rule_firing" add constraint "time_rule_firing_rule_id_foreign" foreign key ("rule_id") references "time_rule" ("id") on delete cascade;`);
    this.addSql(`alter table "time_rule_firing" add constraint "time_rule_firing_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete cascade;`);

    this.addSql(`alter table "trigger_rule" add constraint "trigger_rule_updated_by_foreign" foreign key ("updated_by") references "agent" ("id") on delete set null;`);
    this.addSql(`alter table "trigger_rule" add constraint "trigger_rule_match_check" check ("match" in ('all', 'any'));`);

    this.addSql(`alter table "trigger_firing" add constraint "trigger_firing_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete cascade;`);
    this.addSql(`alter table "trigger_firing" add constraint "trigger_firing_rule_id_foreign" foreign key ("rule_id") references "trigger_rule" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "time_rule_firing" drop constraint "time_rule_firing_rule_id_foreign";`);
    this.addSql(`alter table "trigger_firing" drop constraint "trigger_firing_rule_id_foreign";`);

    this.addSql(`drop table if exists "auto_assignment_turn" cascade;`);
    this.addSql(`drop table if exists "department_auto_assignment" cascade;`);
    this.addSql(`drop table if exists "time_rule" cascade;`);
    this.addSql(`drop table if exists "time_rule_firing" cascade;`);
    this.addSql(`drop table if exists "trigger_rule" cascade;`);
    this.addSql(`drop table if exists "trigger_firing" cascade;`);

    this.addSql(`drop index "ticket_status_created_idx";`);
    this.addSql(`drop index "ticket_status_changed_idx";`);
    this.addSql(`drop index "ticket_status_customer_message_idx";`);
    this.addSql(`drop index "ticket_status_agent_reply_idx";`);
    this.addSql(`alter table "ticket" drop column "status_changed_at";`);
  }

}
