import { Migration } from '@mikro-orm/migrations';

export class Migration20261204214119_awaiting_mail_server extends Migration {

  override name = 'Migration20261204214119_awaiting_mail_server';

  // Rebuilt by the generator (SQLite cannot change a check constraint). The pragma does nothing inside the
  // migration's transaction, and needs not: no table references email_message, so dropping the old one
  // cascades nowhere (test/migrations.test.ts migrates a database with a letter in it).
  override up(): void | Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`email_message__temp_alter\` (\`thread_item_id\` integer not null primary key, \`ticket_id\` integer not null, \`message_id\` text not null, \`in_reply_to\` text null, \`references\` json not null, \`from_address\` text null, \`from_name\` text null, \`to\` json not null, \`cc\` json not null, \`reply_to\` json not null, \`subject\` text not null, \`html\` text null, \`automated\` text check (\`automated\` in ('bounce', 'auto_reply', 'mailing_list')) null, \`inbound_mail_id\` integer null, \`direction\` text check (\`direction\` in ('in', 'out')) not null, \`delivery_state\` text check (\`delivery_state\` in ('received', 'awaiting_server', 'queued', 'sent', 'failed', 'bounced')) not null, constraint \`email_message_thread_item_id_foreign\` foreign key (\`thread_item_id\`) references \`thread_item\` (\`id\`) on update cascade on delete cascade, constraint \`email_message_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`ticket\` (\`id\`) on delete cascade, constraint \`email_message_inbound_mail_id_foreign\` foreign key (\`inbound_mail_id\`) references \`inbound_mail\` (\`id\`) on delete set null);`);
    this.addSql(`insert into \`email_message__temp_alter\` select \`thread_item_id\`, \`ticket_id\`, \`message_id\`, \`in_reply_to\`, \`references\`, \`from_address\`, \`from_name\`, \`to\`, \`cc\`, \`reply_to\`, \`subject\`, \`html\`, \`automated\`, \`inbound_mail_id\`, \`direction\`, \`delivery_state\` from \`email_message\`;`);
    this.addSql(`drop table \`email_message\`;`);
    this.addSql(`alter table \`email_message__temp_alter\` rename to \`email_message\`;`);
    this.addSql(`create index \`email_message_thread_item_id_index\` on \`email_message\` (\`thread_item_id\`);`);
    this.addSql(`create index \`email_message_ticket_id_index\` on \`email_message\` (\`ticket_id\`);`);
    this.addSql(`create index \`email_message_message_id_index\` on \`email_message\` (\`message_id\`);`);
    this.addSql(`create index \`email_message_inbound_mail_id_index\` on \`email_message\` (\`inbound_mail_id\`);`);
    this.addSql(`create index \`email_message_delivery_state_idx\` on \`email_message\` (\`delivery_state\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`email_message__temp_alter\` (\`thread_item_id\` INTEGER not null primary key, \`ticket_id\` INTEGER not null, \`message_id\` TEXT not null, \`in_reply_to\` TEXT null, \`references\` json not null, \`from_address\` TEXT null, \`from_name\` TEXT null, \`to\` json not null, \`cc\` json not null, \`reply_to\` json not null, \`subject\` TEXT not null, \`html\` TEXT null, \`automated\` TEXT check (\`automated\` in ('bounce', 'auto_reply', 'mailing_list')) null, \`inbound_mail_id\` INTEGER null, \`direction\` TEXT check (\`direction\` in ('in', 'out')) not null, \`delivery_state\` TEXT check (\`delivery_state\` in ('received', 'queued', 'sent', 'failed', 'bounced')) not null, constraint \`email_message_inbound_mail_id_foreign\` foreign key (\`inbound_mail_id\`) references \`inbound_mail\` (\`id\`) on update no action on delete set null, constraint \`email_message_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`ticket\` (\`id\`) on update no action on delete cascade, constraint \`email_message_thread_item_id_foreign\` foreign key (\`thread_item_id\`) references \`thread_item\` (\`id\`) on update cascade on delete cascade);`);
    this.addSql(`insert into \`email_message__temp_alter\` select \`thread_item_id\`, \`ticket_id\`, \`message_id\`, \`in_reply_to\`, \`references\`, \`from_address\`, \`from_name\`, \`to\`, \`cc\`, \`reply_to\`, \`subject\`, \`html\`, \`automated\`, \`inbound_mail_id\`, \`direction\`, \`delivery_state\` from \`email_message\`;`);
    this.addSql(`drop table \`email_message\`;`);
    this.addSql(`alter table \`email_message__temp_alter\` rename to \`email_message\`;`);
    this.addSql(`create index \`email_message_inbound_mail_id_index\` on \`email_message\` (\`inbound_mail_id\`);`);
    this.addSql(`create index \`email_message_message_id_index\` on \`email_message\` (\`message_id\`);`);
    this.addSql(`create index \`email_message_ticket_id_index\` on \`email_message\` (\`ticket_id\`);`);
    this.addSql(`create index \`email_message_thread_item_id_index\` on \`email_message\` (\`thread_item_id\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

}
