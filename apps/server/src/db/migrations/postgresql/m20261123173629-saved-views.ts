import { Migration } from '@mikro-orm/migrations';

export class Migration20261123173629_saved_views extends Migration {

  override name = 'Migration20261123173629_saved_views';

  override up(): void | Promise<void> {
    this.addSql(`create table "saved_view" ("id" serial primary key, "agent_id" int not null, "name" varchar(100) not null, "filters" text not null, "position" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "saved_view_agent_position_idx" on "saved_view" ("agent_id", "position");`);

    this.addSql(`alter table "saved_view" add constraint "saved_view_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "saved_view" cascade;`);
  }

}
