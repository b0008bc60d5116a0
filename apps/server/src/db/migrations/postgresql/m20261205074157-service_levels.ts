import { Migration } from '@mikro-orm/migrations';

export class Migration20261205074157_service_levels extends Migration {

  override name = 'Migration20261205074157_service_levels';

  override up(): void | Promise<void> {
    this.addSql(`create table "business_calendar" ("id" serial primary key, "name" varchar(200) not null, "time_zone" varchar(64) not null, "week" jsonb not null, "holidays" jsonb not null, "is_default" boolean not null default false, "updated_by" int null, "updated_at" timestamptz not null);`);

    this.addSql(`create table "department_calendar" ("department_id" int not null, "calendar_id" int not null, primary key ("department_id"));`);

    this.addSql(`create table "sla_policy" ("id" serial primary key, "position" int not null, "name" varchar(200) not null, "enabled" boolean not null default true, "conditions" jsonb not null, "targets" jsonb not null, "pause_when_answered" boolean not null default false, "warn_at_percent" int not null default 80, "updated_by" int null, "updated_at" timestamptz not null);`);

    this.addSql(`create table "ticket_sla_alarm" ("id" serial primary key, "ticket_id" int not null, "alarm_key" varchar(100) not null, "kind" text not null, "target" text not null, "due_at" timestamptz not null, "recorded_at" timestamptz not null);`);
    this.addSql(`alter table "ticket_sla_alarm" add constraint "ticket_sla_alarm_unique" unique ("ticket_id", "alarm_key");`);

    this.addSql(`alter table "ticket" add "sla_policy_id" int null, add "sla_history" jsonb null, add "sla_first_response_due_at" timestamptz null, add "sla_next_response_due_at" timestamptz null, add "sla_resolution_due_at" timestamptz null, add "sla_chat_answer_due_at" timestamptz null, add "sla_next_due_at" timestamptz null, add "sla_next_alarm_at" timestamptz null;`);
    this.addSql(`create index "ticket_sla_next_alarm_at_index" on "ticket" ("sla_next_alarm_at");`);
    this.addSql(`create index "ticket_status_sla_due_idx" on "ticket" ("status", "sla_next_due_at", "id");`);
    this.addSql(`create index "ticket_department_status_sla_due_idx" on "ticket" ("department_id", "status", "sla_next_due_at", "id");`);

    this.addSql(`alter table "business_calendar" add constraint "business_calendar_updated_by_foreign" foreign key ("updated_by") references "agent" ("id") on delete set null;`);

    this.addSql(`alter table "department_calendar" add constraint "department_calendar_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "department_calendar" add constraint "department_calendar_calendar_id_foreign" foreign key ("calendar_id") references "business_calendar" ("id") on delete cascade;`);

    this.addSql(`alter table "sla_policy" add constraint "sla_policy_updated_by_foreign" foreign key ("updated_by") references "agent" ("id") on delete set null;`);

    this.addSql(`alter table "ticket_sla_alarm" add constraint "ticket_sla_alarm_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete cascade;`);
    this.addSql(`alter table "ticket_sla_alarm" add constraint "ticket_sla_alarm_kind_check" check ("kind" in ('warning', 'breach'));`);
    this.addSql(`alter table "ticket_sla_alarm" add constraint "ticket_sla_alarm_target_check" check ("target" in ('first_response', 'next_response', 'resolution', 'chat_answer'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "department_calendar" drop constraint "department_calendar_calendar_id_foreign";`);

    this.addSql(`drop table if exists "business_calendar" cascade;`);
    this.addSql(`drop table if exists "department_calendar" cascade;`);
    this.addSql(`drop table if exists "sla_policy" cascade;`);
    this.addSql(`drop table if exists "ticket_sla_alarm" cascade;`);

    this.addSql(`drop index "ticket_sla_next_alarm_at_index";`);
    this.addSql(`drop index "ticket_status_sla_due_idx";`);
    this.addSql(`drop index "ticket_department_status_sla_due_idx";`);
    this.addSql(`alter table "ticket" drop column "sla_policy_id", drop column "sla_history", drop column "sla_first_response_due_at", drop column "sla_next_response_due_at", drop column "sla_resolution_due_at", drop column "sla_chat_answer_due_at", drop column "sla_next_due_at", drop column "sla_next_alarm_at";`);
  }

}
