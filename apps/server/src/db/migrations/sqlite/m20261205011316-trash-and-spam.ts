import { Migration } from '@mikro-orm/migrations';

export class Migration20261205011316_trash_and_spam extends Migration {

  override name = 'Migration20261205011316_trash_and_spam';

  override up(): void | Promise<void> {
    this.addSql(`create table \`sender_block\` (\`id\` integer not null primary key autoincrement, \`kind\` text check (\`kind\` in ('address', 'domain')) not null, \`value\` text not null, \`created_by_agent_id\` integer null, \`created_at\` datetime not null, constraint \`sender_block_created_by_agent_id_foreign\` foreign key (\`created_by_agent_id\`) references \`agent\` (\`id\`) on delete set null);`);
    this.addSql(`create unique index \`sender_block_value_unique\` on \`sender_block\` (\`value\`);`);
    this.addSql(`create index \`sender_block_created_by_agent_id_index\` on \`sender_block\` (\`created_by_agent_id\`);`);

    this.addSql(`alter table \`ticket\` add column \`folder\` text not null default 'inbox';`);
    this.addSql(`alter table \`ticket\` add column \`folder_changed_at\` datetime null;`);
    this.addSql(`create index \`ticket_folder_idx\` on \`ticket\` (\`folder\`, \`folder_changed_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`sender_block\`;`);

    this.addSql(`drop index \`ticket_folder_idx\`;`);
    this.addSql(`alter table \`ticket\` drop column \`folder\`;`);
    this.addSql(`alter table \`ticket\` drop column \`folder_changed_at\`;`);
  }

}
