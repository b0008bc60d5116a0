import { Migration } from '@mikro-orm/migrations';

export class Migration20261130100406_mailboxes extends Migration {

  override name = 'Migration20261130100406_mailboxes';

  override up(): void | Promise<void> {
    this.addSql(`create table \`mailbox\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`address\` text not null, \`department_id\` integer null, \`active\` integer not null default true, \`imap_enabled\` integer not null default false, \`imap_host\` text null, \`imap_port\` integer null, \`imap_tls\` integer not null default true, \`imap_starttls\` integer not null default false, \`imap_user\` text null, \`imap_password_encrypted\` text null, \`imap_folder\` text not null default 'INBOX', \`imap_after_filing\` text check (\`imap_after_filing\` in ('seen', 'move')) not null default 'seen', \`imap_move_to_folder\` text null, \`smtp_receiver\` integer not null default false, \`smtp_enabled\` integer not null default false, \`smtp_host\` text null, \`smtp_port\` integer null, \`smtp_secure\` integer not null default true, \`smtp_user\` text null, \`smtp_password_encrypted\` text null, \`status\` text check (\`status\` in ('idle', 'connected', 'error')) not null default 'idle', \`last_error\` text null, \`last_check_at\` datetime null, \`imap_uid_validity\` text null, \`imap_last_uid\` bigint not null default '0', \`lease_owner\` text null, \`lease_until\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`mailbox_department_id_foreign\` foreign key (\`department_id\`) references \`department\` (\`id\`) on delete set null);`);
    this.addSql(`create unique index \`mailbox_address_unique\` on \`mailbox\` (\`address\`);`);
    this.addSql(`create index \`mailbox_department_id_index\` on \`mailbox\` (\`department_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`mailbox\`;`);
  }

}
