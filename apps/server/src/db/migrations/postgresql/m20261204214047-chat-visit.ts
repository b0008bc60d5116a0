import { Migration } from '@mikro-orm/migrations';

export class Migration20261204214047_chat_visit extends Migration {

  override name = 'Migration20261204214047_chat_visit';

  override up(): void | Promise<void> {
    this.addSql(`alter table "chat_session" add "visit" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "chat_session" drop column "visit";`);
  }

}
