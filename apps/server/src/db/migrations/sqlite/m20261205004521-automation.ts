import { Migration } from '@mikro-orm/migrations';

export class Migration20261205004521_automation extends Migration {

  override name = 'Migration20261205004521_automation';

  override up(): void | Promise<void> {
    this.addSql(`create table \`auto_assignment_turn\` (\`department_id\` integer not null, \`agent_id\` integer not null, \`last_assigned_at\` datetime not null, primary key (\`department_id\`, \`agent_id\`), constraint \`auto_assignment_turn_department_id_foreign\` foreign key (\`department_id\`) references \`department\` (\`id\`) on update cascade on delete cascade, constraint \`auto_assignment_turn_agent_id_foreign\` foreign key (\`agent_id\`) references \`agent\` (\`id\`) on update cascade on delete cascade);`);
    this.addSql(`create index \`auto_assignment_turn_department_id_index\` on \`auto_assignment_turn\` (\`department_id\`);`);
    this.addSql(`create index \`auto_assignment_turn_agent_id_index\` on \`auto_assignment_turn\` (\`agent_id\`);`);

    this.addSql(`create table \`department_auto_assignment\` (\`department_id\` integer not null primary key, \`mode\` text check (\`mode\` in ('off', 'round_robin', 'least_loaded')) not null, \`max_open_tickets\` integer not null, \`updated_at\` datetime not null, constraint \`department_auto_assignment_department_id_foreign\` foreign key (\`department_id\`) references \`department\` (\`id\`) on update cascade on delete cascade);`);
    this.addSql(`create index \`department_auto_assignment_department_id_index\` on \`department_auto_assignment\` (\`department_id\`);`);

    this.addSql(`create table \`time_rule\` (\`id\` integer not null primary key autoincrement, \`position\` integer not null, \`enabled\` integer not null default true, \`name\` text not null, \`time\` json not null, \`conditions\` json not null, \`actions\` json not null, \`updated_by\` integer null, \`updated_at\` datetime not null, constraint \`time_rule_updated_by_foreign\` foreign key (\`updated_by\`) references \`agent\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`time_rule_updated_by_index\` on \`time_rule\` (\`updated_by\`);`);

    this.addSql(`create table \`time_rule_firing\` (\`id\` integer not null primary key autoincrement, \`rule_id\` integer not null, \`ticket_id\` integer not null, \`window_key\` text not null, \`anchor_at\` datetime not null, \`fired_at\` datetime not null, constraint \`time_rule_firing_rule_id_foreign\` foreign key (\`rule_id\`) references \`time_rule\` (\`id\`) on delete cascade, constraint \`time_rule_firing_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`ticket\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`time_rule_firing_rule_id_index\` on \`time_rule_firing\` (\`rule_id\`);`);
    this.addSql(`create index \`time_rule_firing_ticket_id_index\` on \`time_rule_firing\` (\`ticket_id\`);`);
    this.addSql(`create index \`time_rule_firing_anchor_idx\` on \`time_rule_firing\` (\`rule_id\`, \`ticket_id\`, \`anchor_at\`);`);
    this.addSql(`create unique index \`time_rule_firing_window_unique\` on \`time_rule_firing\` (\`rule_id\`, \`ticket_id\`, \`window_key\`);`);

    this.addSql(`create table \`trigger_rule\` (\`id\` integer not null primary key autoincrement, \`position\` integer not null, \`enabled\` integer not null default true, \`name\` text not null, \`events\` json not null, \`match\` text check (\`match\` in ('all', 'any')) not null, \`conditions\` json not null, \`actions\` json not null, \`updated_by\` integer null, \`updated_at\` datetime not null, constraint \`trigger_rule_updated_by_foreign\` foreign key (\`updated_by\`) references \`agent\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`trigger_rule_updated_by_index\` on \`trigger_rule\` (\`updated_by\`);`);

    this.addSql(`create table \`trigger_firing\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`rule_id\` integer not null, \`fired_at\` datetime not null, constraint \`trigger_firing_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`ticket\` (\`id\`) on delete cascade, constraint \`trigger_firing_rule_id_foreign\` foreign key (\`rule_id\`) references \`trigger_rule\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`trigger_firing_ticket_id_index\` on \`trigger_firing\` (\`ticket_id\`);`);
    this.addSql(`create index \`trigger_firing_rule_id_index\` on \`trigger_firing\` (\`rule_id\`);`);
    this.addSql(`create index \`trigger_firing_ticket_idx\` on \`trigger_firing\` (\`ticket_id\`, \`fired_at\`);`);

    this.addSql(`alter table \`ticket\` add column \`status_changed_at\` datetime null;`);
    // Rows from before the column: their last change is the best anchor known.
    this.addSql(`update \`ticket\` set \`status_changed_at\` = \`updated_at\`;`);
    this.addSql(`create index \`ticket_status_created_idx\` on \`ticket\` (\`status\`, \`created_at\`);`);
    this.addSql(`create index \`ticket_status_changed_idx\` on \`ticket\` (\`status\`, \`status_changed_at\`);`);
    this.addSql(`create index \`ticket_status_customer_message_idx\` on \`ticket\` (\`status\`, \`last_customer_message_at\`);`);
    this.addSql(`create index \`ticket_status_agent_reply_idx\` on \`ticket\` (\`status\`, \`last_agent_reply_at\`);`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop table if exists \`auto_assignment_turn\`;`);
    this.addSql(`drop table if exists \`department_auto_assignment\`;`);
    this.addSql(`drop table if exists \`time_rule\`;`);
    this.addSql(`drop table if exists \`time_rule_firing\`;`);
    this.addSql(`drop table if exists \`trigger_rule\`;`);
    this.addSql(`drop table if exists \`trigger_firing\`;`);

    this.addSql(`drop index \`ticket_status_created_idx\`;`);
    this.addSql(`drop index \`ticket_status_changed_idx\`;`);
    this.addSql(`drop index \`ticket_status_customer_message_idx\`;`);
    this.addSql(`drop index \`ticket_status_agent_reply_idx\`;`);
    this.addSql(`alter table \`ticket\` drop column \`status_changed_at\`;`);
  }

}
