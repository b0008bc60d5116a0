import { Migration } from '@mikro-orm/migrations';

export class Migration20261204214124_awaiting_mail_server extends Migration {

  override name = 'Migration20261204214124_awaiting_mail_server';

  override up(): void | Promise<void> {
    this.addSql(`alter table "email_message" drop constraint "email_message_delivery_state_check";`);
    this.addSql(`create index "email_message_delivery_state_idx" on "email_message" ("delivery_state");`);
    this.addSql(`alter table "email_message" add constraint "email_message_delivery_state_check" check ("delivery_state" in ('received', 'awaiting_server', 'queued', 'sent', 'failed', 'bounced'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "email_message_delivery_state_idx";`);
    this.addSql(`alter table "email_message" drop constraint "email_message_delivery_state_check";`);
    this.addSql(`alter table "email_message" add constraint "email_message_delivery_state_check" check ("delivery_state" in ('received', 'queued', 'sent', 'failed', 'bounced'));`);
  }

}
