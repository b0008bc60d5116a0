import { Migration } from '@mikro-orm/migrations';

export class Migration20261206105751_statistics_chats_presence extends Migration {

  override name = 'Migration20261206105751_statistics_chats_presence';

  override up(): void | Promise<void> {
    this.addSql(`create table "statistics_presence" ("agent_id" int not null, "state" varchar(8) not null, "since" timestamptz not null, primary key ("agent_id"));`);

    this.addSql(`alter table "chat_session" add "started_at" timestamptz null;`);
    // A chat going on since before: its start as far as it is known (a transfer moved the wait).
    this.addSql(`update "chat_session" set "started_at" = "waiting_since";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "statistics_presence" cascade;`);

    this.addSql(`alter table "chat_session" drop column "started_at";`);
  }

}
