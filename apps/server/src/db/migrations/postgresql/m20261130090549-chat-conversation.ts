import { Migration } from '@mikro-orm/migrations';

export class Migration20261130090549_chat_conversation extends Migration {

  override name = 'Migration20261130090549_chat_conversation';

  override up(): void | Promise<void> {
    this.addSql(`create table "outbox_mail" ("id" serial primary key, "recipient" varchar(254) not null, "subject" varchar(500) not null, "text" text not null, "purpose" varchar(50) not null, "ticket_id" int null, "attempts" int not null default 0, "next_attempt_at" timestamptz null, "sent_at" timestamptz null, "last_error" varchar(1000) null, "created_at" timestamptz not null);`);
    this.addSql(`create index "outbox_mail_next_attempt_at_index" on "outbox_mail" ("next_attempt_at");`);

    this.addSql(`alter table "attachment" add "uploaded_by_visitor_id" varchar(40) null;`);
    this.addSql(`create index "attachment_uploaded_by_visitor_id_index" on "attachment" ("uploaded_by_visitor_id");`);

    this.addSql(`alter table "visitor" add "delivered_up_to_item_id" int null, add "seen_up_to_item_id" int null, add "agent_seen_up_to_item_id" int null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "outbox_mail" cascade;`);

    this.addSql(`drop index "attachment_uploaded_by_visitor_id_index";`);
    this.addSql(`alter table "attachment" drop column "uploaded_by_visitor_id";`);

    this.addSql(`alter table "visitor" drop column "delivered_up_to_item_id", drop column "seen_up_to_item_id", drop column "agent_seen_up_to_item_id";`);
  }

}
