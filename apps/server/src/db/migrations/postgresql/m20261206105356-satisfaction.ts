import { Migration } from '@mikro-orm/migrations';

export class Migration20261206105356_satisfaction extends Migration {

  override name = 'Migration20261206105356_satisfaction';

  override up(): void | Promise<void> {
    this.addSql(`create table "satisfaction_survey" ("id" serial primary key, "ticket_id" int not null, "way" text not null, "locale" text not null, "recipient" varchar(254) null, "asked_at" timestamptz not null, "sent_at" timestamptz null, "expires_at" timestamptz not null, "rating" text null, "comment" text null, "rated_at" timestamptz null);`);
    this.addSql(`alter table "satisfaction_survey" add constraint "satisfaction_survey_ticket_id_unique" unique ("ticket_id");`);
    this.addSql(`create index "satisfaction_survey_unsent" on "satisfaction_survey" ("way", "sent_at");`);

    this.addSql(`alter table "satisfaction_survey" add constraint "satisfaction_survey_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete cascade;`);
    this.addSql(`alter table "satisfaction_survey" add constraint "satisfaction_survey_way_check" check ("way" in ('email', 'widget'));`);
    this.addSql(`alter table "satisfaction_survey" add constraint "satisfaction_survey_locale_check" check ("locale" in ('en', 'bg', 'el', 'lv', 'ru', 'uk'));`);
    this.addSql(`alter table "satisfaction_survey" add constraint "satisfaction_survey_rating_check" check ("rating" in ('good', 'bad'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "satisfaction_survey" cascade;`);
  }

}
