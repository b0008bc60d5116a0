import { Migration } from '@mikro-orm/migrations';

export class Migration20261206061000_webhooks extends Migration {

  override name = 'Migration20261206061000_webhooks';

  override up(): void | Promise<void> {
    this.addSql(`create table "webhook" ("id" serial primary key, "url" varchar(2000) not null, "description" varchar(200) not null default '', "events" jsonb not null, "include_internal" boolean not null default false, "allow_private_network" boolean not null default false, "secret_sealed" text not null, "enabled" boolean not null default true, "disabled_reason" text null, "disabled_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);

    this.addSql(`create table "webhook_delivery" ("id" serial primary key, "webhook_id" int not null, "event_id" varchar(36) not null, "event" varchar(40) not null, "body" text not null, "state" varchar(10) not null default 'pending', "attempts" int not null default 0, "due_at" timestamptz not null, "next_attempt_at" timestamptz null, "last_attempt_at" timestamptz null, "delivered_at" timestamptz null, "response_status" int null, "response_body" text null, "error" text null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_event_id_unique" unique ("event_id");`);
    this.addSql(`create index "webhook_delivery_due_idx" on "webhook_delivery" ("next_attempt_at");`);
    this.addSql(`create index "webhook_delivery_log_idx" on "webhook_delivery" ("webhook_id", "id");`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_webhook_id_foreign" foreign key ("webhook_id") references "webhook" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_webhook_id_foreign";`);

    this.addSql(`drop table if exists "webhook" cascade;`);
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
  }

}
