import { Migration } from '@mikro-orm/migrations';

export class Migration20261130092400_email extends Migration {

  override name = 'Migration20261130092400_email';

  override up(): void | Promise<void> {
    this.addSql(`create table \`inbound_mail\` (\`id\` integer not null primary key autoincrement, \`dedupe_key\` text not null, \`message_id\` text null, \`sha256\` text not null, \`storage_key\` text not null, \`size\` integer not null, \`source\` text not null, \`department_id\` integer null, \`state\` text check (\`state\` in ('pending', 'processed', 'ignored', 'failed')) not null default 'pending', \`detail\` text null, \`ticket_id\` integer null, \`thread_item_id\` integer null, \`received_at\` datetime not null, \`processed_at\` datetime null, constraint \`inbound_mail_department_id_foreign\` foreign key (\`department_id\`) references \`department\` (\`id\`) on delete set null, constraint \`inbound_mail_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`ticket\` (\`id\`) on delete set null, constraint \`inbound_mail_thread_item_id_foreign\` foreign key (\`thread_item_id\`) references \`thread_item\` (\`id\`) on delete set null);`);
    this.addSql(`create unique index \`inbound_mail_dedupe_key_unique\` on \`inbound_mail\` (\`dedupe_key\`);`);
    this.addSql(`create index \`inbound_mail_department_id_index\` on \`inbound_mail\` (\`department_id\`);`);
    this.addSql(`create index \`inbound_mail_ticket_id_index\` on \`inbound_mail\` (\`ticket_id\`);`);
    this.addSql(`create index \`inbound_mail_thread_item_id_index\` on \`inbound_mail\` (\`thread_item_id\`);`);
    this.addSql(`create index \`inbound_mail_state_idx\` on \`inbound_mail\` (\`state\`, \`id\`);`);

    this.addSql(`create table \`email_message\` (\`thread_item_id\` integer not null primary key, \`ticket_id\` integer not null, \`message_id\` text not null, \`in_reply_to\` text null, \`references\` json not null, \`from_address\` text null, \`from_name\` text null, \`to\` json not null, \`cc\` json not null, \`reply_to\` json not null, \`subject\` text not null, \`html\` text null, \`automated\` text check (\`automated\` in ('bounce', 'auto_reply', 'mailing_list')) null, \`inbound_mail_id\` integer null, \`direction\` text check (\`direction\` in ('in', 'out')) not null, \`delivery_state\` text check (\`delivery_state\` in ('received', 'queued', 'sent', 'failed', 'bounced')) not null, constraint \`email_message_thread_item_id_foreign\` foreign key (\`thread_item_id\`) references \`thread_item\` (\`id\`) on update cascade on delete cascade, constraint \`email_message_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`ticket\` (\`id\`) on delete cascade, constraint \`email_message_inbound_mail_id_foreign\` foreign key (\`inbound_mail_id\`) references \`inbound_mail\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`email_message_thread_item_id_index\` on \`email_message\` (\`thread_item_id\`);`);
    this.addSql(`create index \`email_message_ticket_id_index\` on \`email_message\` (\`ticket_id\`);`);
    this.addSql(`create index \`email_message_message_id_index\` on \`email_message\` (\`message_id\`);`);
    this.addSql(`create index \`email_message_inbound_mail_id_index\` on \`email_message\` (\`inbound_mail_id\`);`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop table if exists \`inbound_mail\`;`);
    this.addSql(`drop table if exists \`email_message\`;`);
  }

}
