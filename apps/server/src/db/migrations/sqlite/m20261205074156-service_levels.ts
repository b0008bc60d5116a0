import { Migration } from '@mikro-orm/migrations';

export class Migration20261205074156_service_levels extends Migration {

  override name = 'Migration20261205074156_service_levels';

  override up(): void | Promise<void> {
    this.addSql(`create table \`business_calendar\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`time_zone\` text not null, \`week\` json not null, \`holidays\` json not null, \`is_default\` integer not null default false, \`updated_by\` integer null, \`updated_at\` datetime not null, constraint \`business_calendar_updated_by_foreign\` foreign key (\`updated_by\`) references \`agent\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`business_calendar_updated_by_index\` on \`business_calendar\` (\`updated_by\`);`);

    this.addSql(`create table \`department_calendar\` (\`department_id\` integer not null primary key, \`calendar_id\` integer not null, constraint \`department_calendar_department_id_foreign\` foreign key (\`department_id\`) references \`department\` (\`id\`) on update cascade on delete cascade, constraint \`department_calendar_calendar_id_foreign\` foreign key (\`calendar_id\`) references \`business_calendar\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`department_calendar_department_id_index\` on \`department_calendar\` (\`department_id\`);`);
    this.addSql(`create index \`department_calendar_calendar_id_index\` on \`department_calendar\` (\`calendar_id\`);`);

    this.addSql(`create table \`sla_policy\` (\`id\` integer not null primary key autoincrement, \`position\` integer not null, \`name\` text not null, \`enabled\` integer not null default true, \`conditions\` json not null, \`targets\` json not null, \`pause_when_answered\` integer not null default false, \`warn_at_percent\` integer not null default 80, \`updated_by\` integer null, \`updated_at\` datetime not null, constraint \`sla_policy_updated_by_foreign\` foreign key (\`updated_by\`) references \`agent\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`sla_policy_updated_by_index\` on \`sla_policy\` (\`updated_by\`);`);

    this.addSql(`create table \`ticket_sla_alarm\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`alarm_key\` text not null, \`kind\` text check (\`kind\` in ('warning', 'breach')) not null, \`target\` text check (\`target\` in ('first_response', 'next_response', 'resolution', 'chat_answer')) not null, \`due_at\` datetime not null, \`recorded_at\` datetime not null, constraint \`ticket_sla_alarm_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`ticket\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`ticket_sla_alarm_ticket_id_index\` on \`ticket_sla_alarm\` (\`ticket_id\`);`);
    this.addSql(`create unique index \`ticket_sla_alarm_unique\` on \`ticket_sla_alarm\` (\`ticket_id\`, \`alarm_key\`);`);

    this.addSql(`alter table \`ticket\` add column \`sla_policy_id\` integer null;`);
    this.addSql(`alter table \`ticket\` add column \`sla_history\` json null;`);
    this.addSql(`alter table \`ticket\` add column \`sla_first_response_due_at\` datetime null;`);
    this.addSql(`alter table \`ticket\` add column \`sla_next_response_due_at\` datetime null;`);
    this.addSql(`alter table \`ticket\` add column \`sla_resolution_due_at\` datetime null;`);
    this.addSql(`alter table \`ticket\` add column \`sla_chat_answer_due_at\` datetime null;`);
    this.addSql(`alter table \`ticket\` add column \`sla_next_due_at\` datetime null;`);
    this.addSql(`alter table \`ticket\` add column \`sla_next_alarm_at\` datetime null;`);
    this.addSql(`create index \`ticket_sla_next_alarm_at_index\` on \`ticket\` (\`sla_next_alarm_at\`);`);
    this.addSql(`create index \`ticket_status_sla_due_idx\` on \`ticket\` (\`status\`, \`sla_next_due_at\`, \`id\`);`);
    this.addSql(`create index \`ticket_department_status_sla_due_idx\` on \`ticket\` (\`department_id\`, \`status\`, \`sla_next_due_at\`, \`id\`);`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop table if exists \`business_calendar\`;`);
    this.addSql(`drop table if exists \`department_calendar\`;`);
    this.addSql(`drop table if exists \`sla_policy\`;`);
    this.addSql(`drop table if exists \`ticket_sla_alarm\`;`);

    this.addSql(`drop index \`ticket_sla_next_alarm_at_index\`;`);
    this.addSql(`drop index \`ticket_status_sla_due_idx\`;`);
    this.addSql(`drop index \`ticket_department_status_sla_due_idx\`;`);
    this.addSql(`alter table \`ticket\` drop column \`sla_policy_id\`;`);
    this.addSql(`alter table \`ticket\` drop column \`sla_history\`;`);
    this.addSql(`alter table \`ticket\` drop column \`sla_first_response_due_at\`;`);
    this.addSql(`alter table \`ticket\` drop column \`sla_next_response_due_at\`;`);
    this.addSql(`alter table \`ticket\` drop column \`sla_resolution_due_at\`;`);
    this.addSql(`alter table \`ticket\` drop column \`sla_chat_answer_due_at\`;`);
    this.addSql(`alter table \`ticket\` drop column \`sla_next_due_at\`;`);
    this.addSql(`alter table \`ticket\` drop column \`sla_next_alarm_at\`;`);
  }

}
