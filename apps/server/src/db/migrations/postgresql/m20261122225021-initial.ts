import { Migration } from '@mikro-orm/migrations';

export class Migration20261122225021_initial extends Migration {

  override name = 'Migration20261122225021_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "agent" ("id" serial primary key, "email" varchar(254) not null, "name" varchar(200) not null, "password_hash" varchar(200) not null, "role" text not null default 'agent', "active" boolean not null default true, "locale" varchar(8) not null default 'en', "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "agent" add constraint "agent_email_unique" unique ("email");`);

    this.addSql(`create table "api_token" ("id" serial primary key, "name" varchar(200) not null, "token_hash" varchar(64) not null, "agent_id" int not null, "created_at" timestamptz not null, "last_used_at" timestamptz null);`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "api_token_agent_id_index" on "api_token" ("agent_id");`);

    this.addSql(`create table "company" ("id" serial primary key, "name" varchar(200) not null, "domains" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "company_name_index" on "company" ("name");`);

    this.addSql(`create table "contact" ("id" serial primary key, "name" varchar(200) null, "primary_email" varchar(254) null, "phones" jsonb not null, "company_id" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "contact_name_index" on "contact" ("name");`);
    this.addSql(`create index "contact_company_id_index" on "contact" ("company_id");`);

    this.addSql(`create table "contact_email" ("id" serial primary key, "email" varchar(254) not null, "contact_id" int not null, "position" int not null default 0);`);
    this.addSql(`alter table "contact_email" add constraint "contact_email_email_unique" unique ("email");`);
    this.addSql(`create index "contact_email_contact_id_index" on "contact_email" ("contact_id");`);

    this.addSql(`create table "custom_status" ("id" serial primary key, "name" varchar(200) not null, "base_status" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);

    this.addSql(`create table "department" ("id" serial primary key, "name" varchar(200) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);

    this.addSql(`create table "canned_response" ("id" serial primary key, "title" varchar(200) not null, "body" text not null, "department_id" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "canned_response_title_index" on "canned_response" ("title");`);

    this.addSql(`create table "agent_department" ("agent_id" int not null, "department_id" int not null, primary key ("agent_id", "department_id"));`);
    this.addSql(`create index "agent_department_department_id_index" on "agent_department" ("department_id");`);

    this.addSql(`create table "session" ("id" serial primary key, "token_hash" varchar(64) not null, "csrf_token" varchar(64) not null, "agent_id" int not null, "created_at" timestamptz not null, "expires_at" timestamptz not null);`);
    this.addSql(`alter table "session" add constraint "session_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "session_agent_id_index" on "session" ("agent_id");`);

    this.addSql(`create table "system_setting" ("key" varchar(100) not null, "value" text not null, "updated_at" timestamptz not null, primary key ("key"));`);

    this.addSql(`create table "ticket" ("id" serial primary key, "subject" varchar(250) not null, "status" text not null default 'new', "custom_status_id" int null, "internal" boolean not null default false, "channel" text not null, "priority" text not null default 'normal', "department_id" int null, "assigned_agent_id" int null, "contact_id" int null, "created_by_agent_id" int null, "tags" jsonb not null, "cc" jsonb not null, "client_id" varchar(64) null, "customer_token_hash" varchar(64) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "first_agent_reply_at" timestamptz null, "last_customer_message_at" timestamptz null, "last_agent_reply_at" timestamptz null, "resolved_at" timestamptz null, "postponed_until" timestamptz null, "waiting_since" timestamptz null);`);
    this.addSql(`create index "ticket_contact_id_index" on "ticket" ("contact_id");`);
    this.addSql(`alter table "ticket" add constraint "ticket_client_id_unique" unique ("client_id");`);
    this.addSql(`alter table "ticket" add constraint "ticket_customer_token_hash_unique" unique ("customer_token_hash");`);
    this.addSql(`create index "ticket_postponed_until_index" on "ticket" ("postponed_until");`);
    this.addSql(`create index "ticket_department_status_waiting_idx" on "ticket" ("department_id", "status", "waiting_since", "id");`);
    this.addSql(`create index "ticket_agent_status_waiting_idx" on "ticket" ("assigned_agent_id", "status", "waiting_since", "id");`);
    this.addSql(`create index "ticket_status_waiting_idx" on "ticket" ("status", "waiting_since", "id");`);
    this.addSql(`create index "ticket_updated_idx" on "ticket" ("updated_at", "id");`);

    this.addSql(`create table "thread_item" ("id" serial primary key, "ticket_id" int not null, "kind" text not null, "body" text not null, "author_agent_id" int null, "author_contact_id" int null, "system_event" jsonb null, "recipients_to" jsonb null, "recipients_cc" jsonb null, "client_id" varchar(64) null, "created_at" timestamptz not null);`);
    this.addSql(`create index "thread_item_ticket_idx" on "thread_item" ("ticket_id", "id");`);
    this.addSql(`alter table "thread_item" add constraint "thread_item_client_id_unique" unique ("ticket_id", "client_id");`);

    this.addSql(`create table "attachment" ("id" uuid not null, "filename" varchar(255) not null, "content_type" varchar(255) not null, "size" int not null, "sha256" varchar(64) not null, "storage_key" varchar(100) not null, "uploaded_by_agent_id" int null, "thread_item_id" int null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "attachment_thread_item_id_index" on "attachment" ("thread_item_id");`);

    this.addSql(`create table "editable_note" ("id" serial primary key, "ticket_id" int null, "contact_id" int null, "company_id" int null, "body" text not null, "created_by_agent_id" int not null, "created_at" timestamptz not null, "updated_by_agent_id" int not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "editable_note" add constraint "editable_note_ticket_id_unique" unique ("ticket_id");`);
    this.addSql(`create index "editable_note_contact_id_index" on "editable_note" ("contact_id");`);
    this.addSql(`create index "editable_note_company_id_index" on "editable_note" ("company_id");`);

    this.addSql(`create table "ticket_tag" ("ticket_id" int not null, "tag" varchar(50) not null, primary key ("ticket_id", "tag"));`);
    this.addSql(`create index "ticket_tag_tag_idx" on "ticket_tag" ("tag", "ticket_id");`);

    this.addSql(`alter table "agent" add constraint "agent_role_check" check ("role" in ('administrator', 'agent'));`);

    this.addSql(`alter table "api_token" add constraint "api_token_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on delete cascade;`);

    this.addSql(`alter table "contact" add constraint "contact_company_id_foreign" foreign key ("company_id") references "company" ("id") on delete set null;`);

    this.addSql(`alter table "contact_email" add constraint "contact_email_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on delete cascade;`);

    this.addSql(`alter table "custom_status" add constraint "custom_status_base_status_check" check ("base_status" in ('new', 'open', 'answered', 'resolved', 'postponed'));`);

    this.addSql(`alter table "canned_response" add constraint "canned_response_department_id_foreign" foreign key ("department_id") references "department" ("id") on delete cascade;`);

    this.addSql(`alter table "agent_department" add constraint "agent_department_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "agent_department" add constraint "agent_department_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "session" add constraint "session_agent_id_foreign" foreign key ("agent_id") references "agent" ("id") on delete cascade;`);

    this.addSql(`alter table "ticket" add constraint "ticket_custom_status_id_foreign" foreign key ("custom_status_id") references "custom_status" ("id") on delete set null;`);
    this.addSql(`alter table "ticket" add constraint "ticket_department_id_foreign" foreign key ("department_id") references "department" ("id") on delete set null;`);
    this.addSql(`alter table "ticket" add constraint "ticket_assigned_agent_id_foreign" foreign key ("assigned_agent_id") references "agent" ("id") on delete set null;`);
    this.addSql(`alter table "ticket" add constraint "ticket_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on delete set null;`);
    this.addSql(`alter table "ticket" add constraint "ticket_created_by_agent_id_foreign" foreign key ("created_by_agent_id") references "agent" ("id") on delete set null;`);
    this.addSql(`alter table "ticket" add constraint "ticket_status_check" check ("status" in ('new', 'open', 'answered', 'resolved', 'postponed'));`);
    this.addSql(`alter table "ticket" add constraint "ticket_channel_check" check ("channel" in ('chat', 'email', 'web_form', 'api', 'internal'));`);
    this.addSql(`alter table "ticket" add constraint "ticket_priority_check" check ("priority" in ('low', 'normal', 'high', 'urgent'));`);

    this.addSql(`alter table "thread_item" add constraint "thread_item_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete cascade;`);
    this.addSql(`alter table "thread_item" add constraint "thread_item_author_agent_id_foreign" foreign key ("author_agent_id") references "agent" ("id") on delete set null;`);
    this.addSql(`alter table "thread_item" add constraint "thread_item_author_contact_id_foreign" foreign key ("author_contact_id") references "contact" ("id") on delete set null;`);
    this.addSql(`alter table "thread_item" add constraint "thread_item_kind_check" check ("kind" in ('customer_message', 'agent_reply', 'internal_note', 'system_event'));`);

    this.addSql(`alter table "attachment" add constraint "attachment_uploaded_by_agent_id_foreign" foreign key ("uploaded_by_agent_id") references "agent" ("id") on delete set null;`);
    this.addSql(`alter table "attachment" add constraint "attachment_thread_item_id_foreign" foreign key ("thread_item_id") references "thread_item" ("id") on delete cascade;`);

    this.addSql(`alter table "editable_note" add constraint "editable_note_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete cascade;`);
    this.addSql(`alter table "editable_note" add constraint "editable_note_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on delete cascade;`);
    this.addSql(`alter table "editable_note" add constraint "editable_note_company_id_foreign" foreign key ("company_id") references "company" ("id") on delete cascade;`);
    this.addSql(`alter table "editable_note" add constraint "editable_note_created_by_agent_id_foreign" foreign key ("created_by_agent_id") references "agent" ("id");`);
    this.addSql(`alter table "editable_note" add constraint "editable_note_updated_by_agent_id_foreign" foreign key ("updated_by_agent_id") references "agent" ("id");`);

    this.addSql(`alter table "ticket_tag" add constraint "ticket_tag_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "api_token" drop constraint "api_token_agent_id_foreign";`);
    this.addSql(`alter table "agent_department" drop constraint "agent_department_agent_id_foreign";`);
    this.addSql(`alter table "session" drop constraint "session_agent_id_foreign";`);
    this.addSql(`alter table "ticket" drop constraint "ticket_assigned_agent_id_foreign";`);
    this.addSql(`alter table "ticket" drop constraint "ticket_created_by_agent_id_foreign";`);
    this.addSql(`alter table "thread_item" drop constraint "thread_item_author_agent_id_foreign";`);
    this.addSql(`alter table "attachment" drop constraint "attachment_uploaded_by_agent_id_foreign";`);
    this.addSql(`alter table "editable_note" drop constraint "editable_note_created_by_agent_id_foreign";`);
    this.addSql(`alter table "editable_note" drop constraint "editable_note_updated_by_agent_id_foreign";`);
    this.addSql(`alter table "contact" drop constraint "contact_company_id_foreign";`);
    this.addSql(`alter table "editable_note" drop constraint "editable_note_company_id_foreign";`);
    this.addSql(`alter table "contact_email" drop constraint "contact_email_contact_id_foreign";`);
    this.addSql(`alter table "ticket" drop constraint "ticket_contact_id_foreign";`);
    this.addSql(`alter table "thread_item" drop constraint "thread_item_author_contact_id_foreign";`);
    this.addSql(`alter table "editable_note" drop constraint "editable_note_contact_id_foreign";`);
    this.addSql(`alter table "ticket" drop constraint "ticket_custom_status_id_foreign";`);
    this.addSql(`alter table "canned_response" drop constraint "canned_response_department_id_foreign";`);
    this.addSql(`alter table "agent_department" drop constraint "agent_department_department_id_foreign";`);
    this.addSql(`alter table "ticket" drop constraint "ticket_department_id_foreign";`);
    this.addSql(`alter table "thread_item" drop constraint "thread_item_ticket_id_foreign";`);
    this.addSql(`alter table "editable_note" drop constraint "editable_note_ticket_id_foreign";`);
    this.addSql(`alter table "ticket_tag" drop constraint "ticket_tag_ticket_id_foreign";`);
    this.addSql(`alter table "attachment" drop constraint "attachment_thread_item_id_foreign";`);

    this.addSql(`drop table if exists "agent" cascade;`);
    this.addSql(`drop table if exists "api_token" cascade;`);
    this.addSql(`drop table if exists "company" cascade;`);
    this.addSql(`drop table if exists "contact" cascade;`);
    this.addSql(`drop table if exists "contact_email" cascade;`);
    this.addSql(`drop table if exists "custom_status" cascade;`);
    this.addSql(`drop table if exists "department" cascade;`);
    this.addSql(`drop table if exists "canned_response" cascade;`);
    this.addSql(`drop table if exists "agent_department" cascade;`);
    this.addSql(`drop table if exists "session" cascade;`);
    this.addSql(`drop table if exists "system_setting" cascade;`);
    this.addSql(`drop table if exists "ticket" cascade;`);
    this.addSql(`drop table if exists "thread_item" cascade;`);
    this.addSql(`drop table if exists "attachment" cascade;`);
    this.addSql(`drop table if exists "editable_note" cascade;`);
    this.addSql(`drop table if exists "ticket_tag" cascade;`);
  }

}
