import { Migration } from '@mikro-orm/migrations';

export class Migration20261130100232_outbound_reply_email extends Migration {

  override name = 'Migration20261130100232_outbound_reply_email';

  override up(): void | Promise<void> {
    this.addSql(`alter table "outbox_mail" add "raw" text null, add "envelope_to" jsonb null, add "envelope_from" varchar(320) null, add "thread_item_id" int null;`);
    this.addSql(`create index "outbox_mail_thread_item_id_index" on "outbox_mail" ("thread_item_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "outbox_mail_thread_item_id_index";`);
    this.addSql(`alter table "outbox_mail" drop column "raw", drop column "envelope_to", drop column "envelope_from", drop column "thread_item_id";`);
  }

}
