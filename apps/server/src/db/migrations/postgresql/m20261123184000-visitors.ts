import { Migration } from '@mikro-orm/migrations';

export class Migration20261123184000_visitors extends Migration {

  override name = 'Migration20261123184000_visitors';

  override up(): void | Promise<void> {
    this.addSql(`create table "visitor" ("id" varchar(40) not null, "contact_id" int null, "chat_ticket_id" int null, "page" jsonb null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "visitor_chat_ticket_id_index" on "visitor" ("chat_ticket_id");`);

    this.addSql(`alter table "visitor" add constraint "visitor_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on delete set null;`);
    this.addSql(`alter table "visitor" add constraint "visitor_chat_ticket_id_foreign" foreign key ("chat_ticket_id") references "ticket" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "visitor" cascade;`);
  }

}
