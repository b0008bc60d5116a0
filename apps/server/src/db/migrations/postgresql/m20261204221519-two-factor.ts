import { Migration } from '@mikro-orm/migrations';

export class Migration20261204221519_two_factor extends Migration {

  override name = 'Migration20261204221519_two_factor';

  override up(): void | Promise<void> {
    this.addSql(`create table "pending_sign_in" ("id" serial primary key, "token_hash" varchar(64) not null, "agent_id" int not null, "attempts" int not null default 0, "expires_at" timestamptz not null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "pending_sign_in" add constraint "pending_sign_in_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "pending_sign_in_agent_id_index" on "pending_sign_in" ("agent_id");`);

    this.addSql(`create table "recovery_code" ("id" serial primary key, "agent_id" int not null, "code_hash" varchar(64) not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "recovery_code_agent_id_index" on "recovery_code" ("agent_id");`);

    this.addSql(`alter table "agent" add "totp_secret" varchar(64) null, add "totp_pending_secret" varchar(64) null, add "totp_enabled_at" timestamptz null, add "totp_last_step" int null;`);

    this.addSql(`alter table "pending_sign_in" add constraint "pending_sign_in_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on delete cascade;`);

    this.addSql(`alter table "recovery_code" add constraint "recovery_code_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "pending_sign_in" cascade;`);
    this.addSql(`drop table if exists "recovery_code" cascade;`);

    this.addSql(`alter table "agent" drop column "totp_secret", drop column "totp_pending_secret", drop column "totp_enabled_at", drop column "totp_last_step";`);
  }

}
