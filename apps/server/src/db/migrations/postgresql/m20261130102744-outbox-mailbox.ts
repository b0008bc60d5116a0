import { Migration } from '@mikro-orm/migrations';

export class Migration20261130102744_outbox_mailbox extends Migration {

  override name = 'Migration20261130102744_outbox_mailbox';

  override up(): void | Promise<void> {
    this.addSql(`alter table "outbox_mail" add "mailbox_id" int null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "outbox_mail" drop column "mailbox_id";`);
  }

}
