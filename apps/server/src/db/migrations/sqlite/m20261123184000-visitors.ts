import { Migration } from '@mikro-orm/migrations';

export class Migration20261123184000_visitors extends Migration {

  override name = 'Migration20261123184000_visitors';

  override up(): void | Promise<void> {
    this.addSql(`create table \`visitor\` (\`id\` text not null, \`contact_id\` integer null, \`chat_ticket_id\` integer null, \`page\` json null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`id\`), constraint \`visitor_contact_id_foreign\` foreign key (\`contact_id\`) references \`contact\` (\`id\`) on delete set null, constraint \`visitor_chat_ticket_id_foreign\` foreign key (\`chat_ticket_id\`) references \`ticket\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`visitor_contact_id_index\` on \`visitor\` (\`contact_id\`);`);
    this.addSql(`create index \`visitor_chat_ticket_id_index\` on \`visitor\` (\`chat_ticket_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`visitor\`;`);
  }

}
