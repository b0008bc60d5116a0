import { Migration } from '@mikro-orm/migrations';

export class Migration20261130092522_chat_routing extends Migration {

  override name = 'Migration20261130092522_chat_routing';

  override up(): void | Promise<void> {
    this.addSql(`create table \`chat_session\` (\`ticket_id\` integer not null primary key, \`phase\` text check (\`phase\` in ('waiting', 'offered', 'active', 'ended')) not null, \`department_id\` integer null, \`owner_agent_id\` integer null, \`participant_ids\` json not null, \`offered_agent_ids\` json not null, \`declined_agent_ids\` json not null, \`target_agent_id\` integer null, \`preview\` text not null, \`offer_round\` integer not null default 0, \`waiting_since\` datetime not null, \`offered_at\` datetime not null, \`accepted_at\` datetime null, \`owner_absent_since\` datetime null, \`updated_at\` datetime not null, constraint \`chat_session_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`ticket\` (\`id\`) on update cascade on delete cascade, constraint \`chat_session_department_id_foreign\` foreign key (\`department_id\`) references \`department\` (\`id\`) on delete set null, constraint \`chat_session_owner_agent_id_foreign\` foreign key (\`owner_agent_id\`) references \`agent\` (\`id\`) on delete set null, constraint \`chat_session_target_agent_id_foreign\` foreign key (\`target_agent_id\`) references \`agent\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`chat_session_ticket_id_index\` on \`chat_session\` (\`ticket_id\`);`);
    this.addSql(`create index \`chat_session_phase_index\` on \`chat_session\` (\`phase\`);`);
    this.addSql(`create index \`chat_session_department_id_index\` on \`chat_session\` (\`department_id\`);`);
    this.addSql(`create index \`chat_session_owner_agent_id_index\` on \`chat_session\` (\`owner_agent_id\`);`);
    this.addSql(`create index \`chat_session_target_agent_id_index\` on \`chat_session\` (\`target_agent_id\`);`);

    this.addSql(`alter table \`agent\` add column \`max_concurrent_chats\` integer not null default 3;`);
    this.addSql(`alter table \`agent\` add column \`last_chat_at\` datetime null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`chat_session\`;`);

    this.addSql(`alter table \`agent\` drop column \`max_concurrent_chats\`;`);
    this.addSql(`alter table \`agent\` drop column \`last_chat_at\`;`);
  }

}
