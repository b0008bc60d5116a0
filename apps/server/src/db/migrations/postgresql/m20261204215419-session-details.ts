import { Migration } from '@mikro-orm/migrations';

export class Migration20261204215419_session_details extends Migration {

  override name = 'Migration20261204215419_session_details';

  override up(): void | Promise<void> {
    this.addSql(`alter table "session" add "last_seen_at" timestamptz null, add "ip_address" varchar(64) null, add "user_agent" varchar(500) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "session" drop column "last_seen_at", drop column "ip_address", drop column "user_agent";`);
  }

}
