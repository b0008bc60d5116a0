import { Migration } from '@mikro-orm/migrations';

export class Migration20261206083157_statistics extends Migration {

  override name = 'Migration20261206083157_statistics';

  override up(): void | Promise<void> {
    this.addSql(`create table "statistics_daily" ("zone" varchar(64) not null, "kind" varchar(24) not null, "department_id" int not null, "agent_id" int not null, "channel" varchar(16) not null, "priority" varchar(8) not null, "tag" varchar(50) not null, "day" int not null, "bin" int not null, "count" int not null, primary key ("zone", "kind", "department_id", "agent_id", "channel", "priority", "tag", "day", "bin"));`);

    this.addSql(`create table "statistics_day_summary" ("zone" varchar(64) not null, "kind" varchar(24) not null, "department_id" int not null, "agent_id" int not null, "channel" varchar(16) not null, "priority" varchar(8) not null, "tag" varchar(50) not null, "day" int not null, "count" int not null, "median_bin" int null, "p90_bin" int null, primary key ("zone", "kind", "department_id", "agent_id", "channel", "priority", "tag", "day"));`);

    this.addSql(`create table "statistics_fact" ("id" serial primary key, "kind" varchar(24) not null, "at" timestamptz not null, "department_id" int null, "agent_id" int null, "channel" varchar(16) not null, "priority" varchar(8) not null, "tags" jsonb not null, "count" int not null, "value" int null);`);

    this.addSql(`create table "statistics_monthly" ("zone" varchar(64) not null, "kind" varchar(24) not null, "department_id" int not null, "agent_id" int not null, "channel" varchar(16) not null, "priority" varchar(8) not null, "tag" varchar(50) not null, "month" int not null, "bin" int not null, "count" int not null, primary key ("zone", "kind", "department_id", "agent_id", "channel", "priority", "tag", "month", "bin"));`);

    this.addSql(`create table "statistics_rollup" ("kind" varchar(24) not null, "department_id" int not null, "agent_id" int not null, "channel" varchar(16) not null, "priority" varchar(8) not null, "tag" varchar(50) not null, "slot" int not null, "bin" int not null, "count" int not null, primary key ("kind", "department_id", "agent_id", "channel", "priority", "tag", "slot", "bin"));`);
    this.addSql(`create index "statistics_rollup_slot_idx" on "statistics_rollup" ("slot");`);

    this.addSql(`create table "statistics_zone" ("zone" varchar(64) not null, "built_below" int null, "created_at" timestamptz not null, primary key ("zone"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "statistics_daily" cascade;`);
    this.addSql(`drop table if exists "statistics_day_summary" cascade;`);
    this.addSql(`drop table if exists "statistics_fact" cascade;`);
    this.addSql(`drop table if exists "statistics_monthly" cascade;`);
    this.addSql(`drop table if exists "statistics_rollup" cascade;`);
    this.addSql(`drop table if exists "statistics_zone" cascade;`);
  }

}
