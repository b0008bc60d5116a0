import { Migration } from '@mikro-orm/migrations';

export class Migration20261130100407_mailboxes extends Migration {

  override name = 'Migration20261130100407_mailboxes';

  override up(): void | Promise<void> {
    this.addSql(`create table "mailbox" ("id" serial primary key, "name" varchar(200) not null, "address" varchar(254) not null, "department_id" int null, "active" boolean not null default true, "imap_enabled" boolean not null default false, "imap_host" varchar(255) null, "imap_port" int null, "imap_tls" boolean not null default true, "imap_starttls" boolean not null default false, "imap_user" varchar(255) null, "imap_password_encrypted" text null, "imap_folder" varchar(200) not null default 'INBOX', "imap_after_filing" text not null default 'seen', "imap_move_to_folder" varchar(200) null, "smtp_receiver" boolean not null default false, "smtp_enabled" boolean not null default false, "smtp_host" varchar(255) null, "smtp_port" int null, "smtp_secure" boolean not null default true, "smtp_user" varchar(255) null, "smtp_password_encrypted" text null, "status" text not null default 'idle', "last_error" text null, "last_check_at" timestamptz null, "imap_uid_validity" varchar(30) null, "imap_last_uid" bigint not null default '0', "lease_owner" varchar(100) null, "lease_until" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "mailbox" add constraint "mailbox_address_unique" unique ("address");`);

    this.addSql(`alter table "mailbox" add constraint "mailbox_department_id_foreign" foreign key ("department_id") references "department" ("id") on delete set null;`);
    this.addSql(`alter table "mailbox" add constraint "mailbox_imap_after_filing_check" check ("imap_after_filing" in ('seen', 'move'));`);
    this.addSql(`alter table "mailbox" add constraint "mailbox_status_check" check ("status" in ('idle', 'connected', 'error'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "mailbox" cascade;`);
  }

}
