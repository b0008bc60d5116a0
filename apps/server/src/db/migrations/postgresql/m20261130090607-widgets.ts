import { Migration } from '@mikro-orm/migrations';

export class Migration20261130090607_widgets extends Migration {

  override name = 'Migration20261130090607_widgets';

  override up(): void | Promise<void> {
    this.addSql(`create table "widget" ("id" serial primary key, "key" varchar(64) not null, "name" varchar(200) not null, "department_id" int null, "department_ids" jsonb not null, "colour" varchar(7) not null default '#2563eb', "position" text not null default 'right', "greeting" text null, "prechat_name" text not null default 'optional', "prechat_email" text not null default 'optional', "prechat_question" boolean not null default true, "identity_secret" varchar(100) not null, "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "widget" add constraint "widget_key_unique" unique ("key");`);

    this.addSql(`alter table "visitor" add "verified" boolean not null default false, add "external_user_id" varchar(200) null, add "claimed_email" varchar(254) null, add "pages" jsonb null, add "referrer" varchar(2000) null, add "browser" varchar(100) null, add "os" varchar(100) null, add "language" varchar(35) null, add "time_zone" varchar(64) null;`);

    this.addSql(`alter table "widget" add constraint "widget_department_id_foreign" foreign key ("department_id") references "department" ("id") on delete set null;`);
    this.addSql(`alter table "widget" add constraint "widget_position_check" check ("position" in ('left', 'right'));`);
    this.addSql(`alter table "widget" add constraint "widget_prechat_name_check" check ("prechat_name" in ('off', 'optional', 'required'));`);
    this.addSql(`alter table "widget" add constraint "widget_prechat_email_check" check ("prechat_email" in ('off', 'optional', 'required'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "widget" cascade;`);

    this.addSql(`alter table "visitor" drop column "verified", drop column "external_user_id", drop column "claimed_email", drop column "pages", drop column "referrer", drop column "browser", drop column "os", drop column "language", drop column "time_zone";`);
  }

}
