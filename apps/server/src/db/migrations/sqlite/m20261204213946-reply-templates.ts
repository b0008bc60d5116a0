import { Migration } from '@mikro-orm/migrations';

export class Migration20261204213946_reply_templates extends Migration {

  override name = 'Migration20261204213946_reply_templates';

  override up(): void | Promise<void> {
    this.addSql(`create table \`reply_template\` (\`id\` integer not null primary key autoincrement, \`agent_id\` integer null, \`department_id\` integer null, \`body\` text not null, \`updated_at\` datetime not null, constraint \`reply_template_agent_id_foreign\` foreign key (\`agent_id\`) references \`agent\` (\`id\`) on delete cascade, constraint \`reply_template_department_id_foreign\` foreign key (\`department_id\`) references \`department\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`reply_template_agent_id_index\` on \`reply_template\` (\`agent_id\`);`);
    this.addSql(`create unique index \`reply_template_agent_id_unique\` on \`reply_template\` (\`agent_id\`);`);
    this.addSql(`create index \`reply_template_department_id_index\` on \`reply_template\` (\`department_id\`);`);
    this.addSql(`create unique index \`reply_template_department_id_unique\` on \`reply_template\` (\`department_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`reply_template\`;`);
  }

}
