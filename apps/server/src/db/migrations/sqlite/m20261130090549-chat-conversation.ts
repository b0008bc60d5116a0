import { Migration } from '@mikro-orm/migrations';

export class Migration20261130090549_chat_conversation extends Migration {

  override name = 'Migration20261130090549_chat_conversation';

  override up(): void | Promise<void> {
    this.addSql(`create table \`outbox_mail\` (\`id\` integer not null primary key autoincrement, \`recipient\` text not null, \`subject\` text not null, \`text\` text not null, \`purpose\` text not null, \`ticket_id\` integer null, \`attempts\` integer not null default 0, \`next_attempt_at\` datetime null, \`sent_at\` datetime null, \`last_error\` text null, \`created_at\` datetime not null);`);
    this.addSql(`create index \`outbox_mail_next_attempt_at_index\` on \`outbox_mail\` (\`next_attempt_at\`);`);

    this.addSql(`alter table \`attachment\` add column \`uploaded_by_visitor_id\` text null;`);
    this.addSql(`create index \`attachment_uploaded_by_visitor_id_index\` on \`attachment\` (\`uploaded_by_visitor_id\`);`);

    this.addSql(`alter table \`visitor\` add column \`delivered_up_to_item_id\` integer null;`);
    this.addSql(`alter table \`visitor\` add column \`seen_up_to_item_id\` integer null;`);
    this.addSql(`alter table \`visitor\` add column \`agent_seen_up_to_item_id\` integer null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`outbox_mail\`;`);

    this.addSql(`drop index \`attachment_uploaded_by_visitor_id_index\`;`);
    this.addSql(`alter table \`attachment\` drop column \`uploaded_by_visitor_id\`;`);

    this.addSql(`alter table \`visitor\` drop column \`delivered_up_to_item_id\`;`);
    this.addSql(`alter table \`visitor\` drop column \`seen_up_to_item_id\`;`);
    this.addSql(`alter table \`visitor\` drop column \`agent_seen_up_to_item_id\`;`);
  }

}
