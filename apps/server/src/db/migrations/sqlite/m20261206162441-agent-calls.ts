import { Migration } from '@mikro-orm/migrations';

export class Migration20261206162441_agent_calls extends Migration {

  override name = 'Migration20261206162441_agent_calls';

  override up(): void | Promise<void> {
    this.addSql(`create table \`agent_call\` (\`id\` integer not null primary key autoincrement, \`conversation_id\` integer not null, \`ticket_id\` integer null, \`caller_agent_id\` integer not null, \`client_id\` text not null, \`status\` text not null, \`state\` json not null, \`next_deadline\` datetime null, \`version\` integer not null default 0, \`started_at\` datetime not null, \`ended_at\` datetime null, constraint \`agent_call_conversation_id_foreign\` foreign key (\`conversation_id\`) references \`team_conversation\` (\`id\`) on delete cascade, constraint \`agent_call_caller_agent_id_foreign\` foreign key (\`caller_agent_id\`) references \`agent\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`agent_call_conversation_id_index\` on \`agent_call\` (\`conversation_id\`);`);
    this.addSql(`create index \`agent_call_caller_agent_id_index\` on \`agent_call\` (\`caller_agent_id\`);`);
    this.addSql(`create index \`agent_call_status_idx\` on \`agent_call\` (\`status\`);`);
    this.addSql(`create index \`agent_call_deadline_idx\` on \`agent_call\` (\`next_deadline\`);`);
    this.addSql(`create unique index \`agent_call_client_id_unique\` on \`agent_call\` (\`caller_agent_id\`, \`client_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`agent_call\`;`);
  }

}
