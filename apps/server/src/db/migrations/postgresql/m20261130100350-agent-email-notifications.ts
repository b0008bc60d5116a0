import { Migration } from '@mikro-orm/migrations';

export class Migration20261130100350_agent_email_notifications extends Migration {

  override name = 'Migration20261130100350_agent_email_notifications';

  override up(): void | Promise<void> {
    this.addSql(`alter table "agent" add "email_notifications" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "agent" drop column "email_notifications";`);
  }

}
