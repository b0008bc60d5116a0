import { Migration } from '@mikro-orm/migrations';

export class Migration20261206155949_portal extends Migration {

  override name = 'Migration20261206155949_portal';

  override up(): void | Promise<void> {
    this.addSql(`create table "portal_session" ("id" serial primary key, "token_hash" varchar(64) not null, "contact_id" int not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "ended_at" timestamptz null);`);
    this.addSql(`alter table "portal_session" add constraint "portal_session_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "portal_session_contact_id_index" on "portal_session" ("contact_id");`);

    this.addSql(`create table "portal_sign_in" ("id" serial primary key, "contact_id" int not null, "ticket_id" int null, "locale" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null);`);
    this.addSql(`create index "portal_sign_in_contact_id_index" on "portal_sign_in" ("contact_id");`);

    this.addSql(`alter table "portal_session" add constraint "portal_session_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on delete cascade;`);

    this.addSql(`alter table "portal_sign_in" add constraint "portal_sign_in_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on delete cascade;`);
    this.addSql(`alter table "portal_sign_in" add constraint "portal_sign_in_locale_check" check ("locale" in ('en', 'bg', 'el', 'lv', 'ru', 'uk'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "portal_session" cascade;`);
    this.addSql(`drop table if exists "portal_sign_in" cascade;`);
  }

}
