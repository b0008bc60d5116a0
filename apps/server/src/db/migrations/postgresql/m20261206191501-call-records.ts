import { Migration } from '@mikro-orm/migrations';

/** The team chat's record of a call. */
export class Migration20261206191501_call_records extends Migration {

  override name = 'Migration20261206191501_call_records';

  override up(): void | Promise<void> {
    this.addSql(`alter table "team_message" add column "call_id" int null, add column "call" jsonb null;`);
    this.addSql(`alter table "team_message" add constraint "team_message_call_id_unique" unique ("call_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "team_message" drop constraint "team_message_call_id_unique";`);
    this.addSql(`alter table "team_message" drop column "call", drop column "call_id";`);
  }

}
