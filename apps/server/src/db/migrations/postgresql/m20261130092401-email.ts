import { Migration } from '@mikro-orm/migrations';

export class Migration20261130092401_email extends Migration {

  override name = 'Migration20261130092401_email';

  override up(): void | Promise<void> {
    this.addSql(`create table "inbound_mail" ("id" serial primary key, "dedupe_key" varchar(255) not null, "message_id" varchar(255) null, "sha256" varchar(64) not null, "storage_key" varchar(100) not null, "size" int not null, "source" varchar(100) not null, "department_id" int null, "state" text not null default 'pending', "detail" varchar(500) null, "ticket_id" int null, "thread_item_id" int null, "received_at" timestamptz not null, "processed_at" timestamptz null);`);
    this.addSql(`alter table "inbound_mail" add constraint "inbound_mail_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "inbound_mail_state_idx" on "inbound_mail" ("state", "id");`);

    this.addSql(`create table "email_message" ("thread_item_id" int not null, "ticket_id" int not null, "message_id" varchar(255) not null, "in_reply_to" varchar(255) null, "references" jsonb not null, "from_address" varchar(320) null, "from_name" varchar(200) null, "to" jsonb not null, "cc" jsonb not null, "reply_to" jsonb not null, "subject" varchar(500) not null, "html" text null, "automated" text null, "inbound_mail_id" int null, "direction" text not null, "delivery_state" text not null, primary key ("thread_item_id"));`);
    this.addSql(`create index "email_message_ticket_id_index" on "email_message" ("ticket_id");`);
    this.addSql(`create index "email_message_message_id_index" on "email_message" ("message_id");`);

    this.addSql(`alter table "inbound_mail" add constraint "inbound_mail_department_id_foreign" foreign key ("department_id") references "department" ("id") on delete set null;`);
    this.addSql(`alter table "inbound_mail" add constraint "inbound_mail_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete set null;`);
    this.addSql(`alter table "inbound_mail" add constraint "inbound_mail_thread_item_id_foreign" foreign key ("thread_item_id") references "thread_item" ("id") on delete set null;`);
    this.addSql(`alter table "inbound_mail" add constraint "inbound_mail_state_check" check ("state" in ('pending', 'processed', 'ignored', 'failed'));`);

    this.addSql(`alter table "email_message" add constraint "email_message_thread_item_id_foreign" foreign key ("thread_item_id") references "thread_item" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "email_message" add constraint "email_message_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete cascade;`);
    this.addSql(`alter table "email_message" add constraint "email_message_inbound_mail_id_foreign" foreign key ("inbound_mail_id") references "inbound_mail" ("id") on delete set null;`);
    this.addSql(`alter table "email_message" add constraint "email_message_automated_check" check ("automated" in ('bounce', 'auto_reply', 'mailing_list'));`);
    this.addSql(`alter table "email_message" add constraint "email_message_direction_check" check ("direction" in ('in', 'out'));`);
    this.addSql(`alter table "email_message" add constraint "email_message_delivery_state_check" check ("delivery_state" in ('received', 'queued', 'sent', 'failed', 'bounced'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "email_message" drop constraint "email_message_inbound_mail_id_foreign";`);

    this.addSql(`drop table if exists "inbound_mail" cascade;`);
    this.addSql(`drop table if exists "email_message" cascade;`);
  }

}
