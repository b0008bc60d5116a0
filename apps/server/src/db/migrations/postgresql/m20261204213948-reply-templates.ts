import { Migration } from '@mikro-orm/migrations';

export class Migration20261204213948_reply_templates extends Migration {

  override name = 'Migration20261204213948_reply_templates';

  override up(): void | Promise<void> {
    this.addSql(`create table "reply_template" ("id" serial primary key, "agent_id" int null, "department_id" int null, "body" text not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "reply_template" add constraint "reply_template_agent_id_unique" unique ("agent_id");`);
    this.addSql(`alter table "reply_template" add constraint "reply_template_department_id_unique" unique ("department_id");`);

    this.addSql(`alter table "reply_template" add constraint "reply_template_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on delete cascade;`);
    this.addSql(`alter table "reply_template" add constraint "reply_template_department_id_foreign" foreign key ("department_id") references "department" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "reply_template" cascade;`);
  }

}
