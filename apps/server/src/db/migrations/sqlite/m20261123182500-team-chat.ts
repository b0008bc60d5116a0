import { Migration } from '@mikro-orm/migrations';

/**
 * Checked by hand: the attachment table gains its column with ALTER TABLE … ADD COLUMN (no rebuild), and every
 * existing department gets its channel (timestamps are epoch milliseconds on SQLite).
 */
export class Migration20261123182500_team_chat extends Migration {

  override name = 'Migration20261123182500_team_chat';

  override up(): void | Promise<void> {
    this.addSql(`create table \`team_conversation\` (\`id\` integer not null primary key autoincrement, \`kind\` text check (\`kind\` in ('department', 'channel', 'direct')) not null, \`name\` text null, \`department_id\` integer null, \`direct_key\` text null, \`created_by_agent_id\` integer null, \`created_at\` datetime not null, \`last_message_at\` datetime null, constraint \`team_conversation_department_id_foreign\` foreign key (\`department_id\`) references \`department\` (\`id\`) on delete cascade, constraint \`team_conversation_created_by_agent_id_foreign\` foreign key (\`created_by_agent_id\`) references \`agent\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`team_conversation_department_id_index\` on \`team_conversation\` (\`department_id\`);`);
    this.addSql(`create unique index \`team_conversation_department_id_unique\` on \`team_conversation\` (\`department_id\`);`);
    this.addSql(`create unique index \`team_conversation_direct_key_unique\` on \`team_conversation\` (\`direct_key\`);`);
    this.addSql(`create index \`team_conversation_created_by_agent_id_index\` on \`team_conversation\` (\`created_by_agent_id\`);`);

    this.addSql(`create table \`team_member\` (\`conversation_id\` integer not null, \`agent_id\` integer not null, \`last_read_message_id\` integer not null default 0, \`joined_at\` datetime not null, primary key (\`conversation_id\`, \`agent_id\`), constraint \`team_member_conversation_id_foreign\` foreign key (\`conversation_id\`) references \`team_conversation\` (\`id\`) on update cascade on delete cascade, constraint \`team_member_agent_id_foreign\` foreign key (\`agent_id\`) references \`agent\` (\`id\`) on update cascade on delete cascade);`);
    this.addSql(`create index \`team_member_conversation_id_index\` on \`team_member\` (\`conversation_id\`);`);
    this.addSql(`create index \`team_member_agent_id_index\` on \`team_member\` (\`agent_id\`);`);

    this.addSql(`create table \`team_message\` (\`id\` integer not null primary key autoincrement, \`conversation_id\` integer not null, \`author_agent_id\` integer null, \`body\` text not null, \`mentions\` json not null, \`client_id\` text null, \`created_at\` datetime not null, constraint \`team_message_conversation_id_foreign\` foreign key (\`conversation_id\`) references \`team_conversation\` (\`id\`) on delete cascade, constraint \`team_message_author_agent_id_foreign\` foreign key (\`author_agent_id\`) references \`agent\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`team_message_conversation_id_index\` on \`team_message\` (\`conversation_id\`);`);
    this.addSql(`create index \`team_message_author_agent_id_index\` on \`team_message\` (\`author_agent_id\`);`);
    this.addSql(`create index \`team_message_conversation_idx\` on \`team_message\` (\`conversation_id\`, \`id\`);`);
    this.addSql(`create unique index \`team_message_client_id_unique\` on \`team_message\` (\`author_agent_id\`, \`client_id\`);`);

    this.addSql(`alter table \`attachment\` add column \`team_message_id\` integer null constraint \`attachment_team_message_id_foreign\` references \`team_message\` (\`id\`) on delete cascade;`);
    this.addSql(`create index \`attachment_team_message_id_index\` on \`attachment\` (\`team_message_id\`);`);
    this.addSql(`insert into \`team_conversation\` (\`kind\`, \`department_id\`, \`created_at\`) select 'department', \`id\`, cast(strftime('%s', 'now') as integer) * 1000 from \`department\`;`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop table if exists \`team_conversation\`;`);
    this.addSql(`drop table if exists \`team_member\`;`);
    this.addSql(`drop table if exists \`team_message\`;`);

    this.addSql(`drop index \`attachment_team_message_id_index\`;`);
    this.addSql(`alter table \`attachment\` drop column \`team_message_id\`;`);
  }

}
