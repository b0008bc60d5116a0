import { Migration } from '@mikro-orm/migrations';

export class Migration20261122225021_initial extends Migration {

  override name = 'Migration20261122225021_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table \`agent\` (\`id\` integer not null primary key autoincrement, \`email\` text not null, \`name\` text not null, \`password_hash\` text not null, \`role\` text check (\`role\` in ('administrator', 'agent')) not null default 'agent', \`active\` integer not null default true, \`locale\` text not null default 'en', \`created_at\` datetime not null, \`updated_at\` datetime not null);`);
    this.addSql(`create unique index \`agent_email_unique\` on \`agent\` (\`email\`);`);

    this.addSql(`create table \`api_token\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`token_hash\` text not null, \`agent_id\` integer not null, \`created_at\` datetime not null, \`last_used_at\` datetime null, constraint \`api_token_agent_id_foreign\` foreign key (\`agent_id\`) references \`agent\` (\`id\`) on delete cascade);`);
    this.addSql(`create unique index \`api_token_token_hash_unique\` on \`api_token\` (\`token_hash\`);`);
    this.addSql(`create index \`api_token_agent_id_index\` on \`api_token\` (\`agent_id\`);`);

    this.addSql(`create table \`company\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`domains\` json not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);
    this.addSql(`create index \`company_name_index\` on \`company\` (\`name\`);`);

    this.addSql(`create table \`contact\` (\`id\` integer not null primary key autoincrement, \`name\` text null, \`primary_email\` text null, \`phones\` json not null, \`company_id\` integer null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`contact_company_id_foreign\` foreign key (\`company_id\`) references \`company\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`contact_name_index\` on \`contact\` (\`name\`);`);
    this.addSql(`create index \`contact_company_id_index\` on \`contact\` (\`company_id\`);`);

    this.addSql(`create table \`contact_email\` (\`id\` integer not null primary key autoincrement, \`email\` text not null, \`contact_id\` integer not null, \`position\` integer not null default 0, constraint \`contact_email_contact_id_foreign\` foreign key (\`contact_id\`) references \`contact\` (\`id\`) on delete cascade);`);
    this.addSql(`create unique index \`contact_email_email_unique\` on \`contact_email\` (\`email\`);`);
    this.addSql(`create index \`contact_email_contact_id_index\` on \`contact_email\` (\`contact_id\`);`);

    this.addSql(`create table \`custom_status\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`base_status\` text check (\`base_status\` in ('new', 'open', 'answered', 'resolved', 'postponed')) not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);

    this.addSql(`create table \`department\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);

    this.addSql(`create table \`canned_response\` (\`id\` integer not null primary key autoincrement, \`title\` text not null, \`body\` text not null, \`department_id\` integer null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`canned_response_department_id_foreign\` foreign key (\`department_id\`) references \`department\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`canned_response_title_index\` on \`canned_response\` (\`title\`);`);
    this.addSql(`create index \`canned_response_department_id_index\` on \`canned_response\` (\`department_id\`);`);

    this.addSql(`create table \`agent_department\` (\`agent_id\` integer not null, \`department_id\` integer not null, primary key (\`agent_id\`, \`department_id\`), constraint \`agent_department_agent_id_foreign\` foreign key (\`agent_id\`) references \`agent\` (\`id\`) on update cascade on delete cascade, constraint \`agent_department_department_id_foreign\` foreign key (\`department_id\`) references \`department\` (\`id\`) on update cascade on delete cascade);`);
    this.addSql(`create index \`agent_department_agent_id_index\` on \`agent_department\` (\`agent_id\`);`);
    this.addSql(`create index \`agent_department_department_id_index\` on \`agent_department\` (\`department_id\`);`);

    this.addSql(`create table \`session\` (\`id\` integer not null primary key autoincrement, \`token_hash\` text not null, \`csrf_token\` text not null, \`agent_id\` integer not null, \`created_at\` datetime not null, \`expires_at\` datetime not null, constraint \`session_agent_id_foreign\` foreign key (\`agent_id\`) references \`agent\` (\`id\`) on delete cascade);`);
    this.addSql(`create unique index \`session_token_hash_unique\` on \`session\` (\`token_hash\`);`);
    this.addSql(`create index \`session_agent_id_index\` on \`session\` (\`agent_id\`);`);

    this.addSql(`create table \`system_setting\` (\`key\` text not null primary key, \`value\` text not null, \`updated_at\` datetime not null);`);

    this.addSql(`create table \`ticket\` (\`id\` integer not null primary key autoincrement, \`subject\` text not null, \`status\` text check (\`status\` in ('new', 'open', 'answered', 'resolved', 'postponed')) not null default 'new', \`custom_status_id\` integer null, \`internal\` integer not null default false, \`channel\` text check (\`channel\` in ('chat', 'email', 'web_form', 'api', 'internal')) not null, \`priority\` text check (\`priority\` in ('low', 'normal', 'high', 'urgent')) not null default 'normal', \`department_id\` integer null, \`assigned_agent_id\` integer null, \`contact_id\` integer null, \`created_by_agent_id\` integer null, \`tags\` json not null, \`cc\` json not null, \`client_id\` text null, \`customer_token_hash\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`first_agent_reply_at\` datetime null, \`last_customer_message_at\` datetime null, \`last_agent_reply_at\` datetime null, \`resolved_at\` datetime null, \`postponed_until\` datetime null, \`waiting_since\` datetime null, constraint \`ticket_custom_status_id_foreign\` foreign key (\`custom_status_id\`) references \`custom_status\` (\`id\`) on delete set null, constraint \`ticket_department_id_foreign\` foreign key (\`department_id\`) references \`department\` (\`id\`) on delete set null, constraint \`ticket_assigned_agent_id_foreign\` foreign key (\`assigned_agent_id\`) references \`agent\` (\`id\`) on delete set null, constraint \`ticket_contact_id_foreign\` foreign key (\`contact_id\`) references \`contact\` (\`id\`) on delete set null, constraint \`ticket_created_by_agent_id_foreign\` foreign key (\`created_by_agent_id\`) references \`agent\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`ticket_custom_status_id_index\` on \`ticket\` (\`custom_status_id\`);`);
    this.addSql(`create index \`ticket_department_id_index\` on \`ticket\` (\`department_id\`);`);
    this.addSql(`create index \`ticket_assigned_agent_id_index\` on \`ticket\` (\`assigned_agent_id\`);`);
    this.addSql(`create index \`ticket_contact_id_index\` on \`ticket\` (\`contact_id\`);`);
    this.addSql(`create index \`ticket_created_by_agent_id_index\` on \`ticket\` (\`created_by_agent_id\`);`);
    this.addSql(`create unique index \`ticket_client_id_unique\` on \`ticket\` (\`client_id\`);`);
    this.addSql(`create unique index \`ticket_customer_token_hash_unique\` on \`ticket\` (\`customer_token_hash\`);`);
    this.addSql(`create index \`ticket_postponed_until_index\` on \`ticket\` (\`postponed_until\`);`);
    this.addSql(`create index \`ticket_department_status_waiting_idx\` on \`ticket\` (\`department_id\`, \`status\`, \`waiting_since\`, \`id\`);`);
    this.addSql(`create index \`ticket_agent_status_waiting_idx\` on \`ticket\` (\`assigned_agent_id\`, \`status\`, \`waiting_since\`, \`id\`);`);
    this.addSql(`create index \`ticket_status_waiting_idx\` on \`ticket\` (\`status\`, \`waiting_since\`, \`id\`);`);
    this.addSql(`create index \`ticket_updated_idx\` on \`ticket\` (\`updated_at\`, \`id\`);`);

    this.addSql(`create table \`thread_item\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`kind\` text check (\`kind\` in ('customer_message', 'agent_reply', 'internal_note', 'system_event')) not null, \`body\` text not null, \`author_agent_id\` integer null, \`author_contact_id\` integer null, \`system_event\` json null, \`recipients_to\` json null, \`recipients_cc\` json null, \`client_id\` text null, \`created_at\` datetime not null, constraint \`thread_item_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`ticket\` (\`id\`) on delete cascade, constraint \`thread_item_author_agent_id_foreign\` foreign key (\`author_agent_id\`) references \`agent\` (\`id\`) on delete set null, constraint \`thread_item_author_contact_id_foreign\` foreign key (\`author_contact_id\`) references \`contact\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`thread_item_ticket_id_index\` on \`thread_item\` (\`ticket_id\`);`);
    this.addSql(`create index \`thread_item_author_agent_id_index\` on \`thread_item\` (\`author_agent_id\`);`);
    this.addSql(`create index \`thread_item_author_contact_id_index\` on \`thread_item\` (\`author_contact_id\`);`);
    this.addSql(`create index \`thread_item_ticket_idx\` on \`thread_item\` (\`ticket_id\`, \`id\`);`);
    this.addSql(`create unique index \`thread_item_client_id_unique\` on \`thread_item\` (\`ticket_id\`, \`client_id\`);`);

    this.addSql(`create table \`attachment\` (\`id\` text not null primary key, \`filename\` text not null, \`content_type\` text not null, \`size\` integer not null, \`sha256\` text not null, \`storage_key\` text not null, \`uploaded_by_agent_id\` integer null, \`thread_item_id\` integer null, \`created_at\` datetime not null, constraint \`attachment_uploaded_by_agent_id_foreign\` foreign key (\`uploaded_by_agent_id\`) references \`agent\` (\`id\`) on delete set null, constraint \`attachment_thread_item_id_foreign\` foreign key (\`thread_item_id\`) references \`thread_item\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`attachment_uploaded_by_agent_id_index\` on \`attachment\` (\`uploaded_by_agent_id\`);`);
    this.addSql(`create index \`attachment_thread_item_id_index\` on \`attachment\` (\`thread_item_id\`);`);

    this.addSql(`create table \`editable_note\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer null, \`contact_id\` integer null, \`company_id\` integer null, \`body\` text not null, \`created_by_agent_id\` integer not null, \`created_at\` datetime not null, \`updated_by_agent_id\` integer not null, \`updated_at\` datetime not null, constraint \`editable_note_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`ticket\` (\`id\`) on delete cascade, constraint \`editable_note_contact_id_foreign\` foreign key (\`contact_id\`) references \`contact\` (\`id\`) on delete cascade, constraint \`editable_note_company_id_foreign\` foreign key (\`company_id\`) references \`company\` (\`id\`) on delete cascade, constraint \`editable_note_created_by_agent_id_foreign\` foreign key (\`created_by_agent_id\`) references \`agent\` (\`id\`), constraint \`editable_note_updated_by_agent_id_foreign\` foreign key (\`updated_by_agent_id\`) references \`agent\` (\`id\`));`);
    this.addSql(`create index \`editable_note_ticket_id_index\` on \`editable_note\` (\`ticket_id\`);`);
    this.addSql(`create unique index \`editable_note_ticket_id_unique\` on \`editable_note\` (\`ticket_id\`);`);
    this.addSql(`create index \`editable_note_contact_id_index\` on \`editable_note\` (\`contact_id\`);`);
    this.addSql(`create index \`editable_note_company_id_index\` on \`editable_note\` (\`company_id\`);`);
    this.addSql(`create index \`editable_note_created_by_agent_id_index\` on \`editable_note\` (\`created_by_agent_id\`);`);
    this.addSql(`create index \`editable_note_updated_by_agent_id_index\` on \`editable_note\` (\`updated_by_agent_id\`);`);

    this.addSql(`create table \`ticket_tag\` (\`ticket_id\` integer not null, \`tag\` text not null, primary key (\`ticket_id\`, \`tag\`), constraint \`ticket_tag_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`ticket\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`ticket_tag_ticket_id_index\` on \`ticket_tag\` (\`ticket_id\`);`);
    this.addSql(`create index \`ticket_tag_tag_idx\` on \`ticket_tag\` (\`tag\`, \`ticket_id\`);`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop table if exists \`agent\`;`);
    this.addSql(`drop table if exists \`api_token\`;`);
    this.addSql(`drop table if exists \`company\`;`);
    this.addSql(`drop table if exists \`contact\`;`);
    this.addSql(`drop table if exists \`contact_email\`;`);
    this.addSql(`drop table if exists \`custom_status\`;`);
    this.addSql(`drop table if exists \`department\`;`);
    this.addSql(`drop table if exists \`canned_response\`;`);
    this.addSql(`drop table if exists \`agent_department\`;`);
    this.addSql(`drop table if exists \`session\`;`);
    this.addSql(`drop table if exists \`system_setting\`;`);
    this.addSql(`drop table if exists \`ticket\`;`);
    this.addSql(`drop table if exists \`thread_item\`;`);
    this.addSql(`drop table if exists \`attachment\`;`);
    this.addSql(`drop table if exists \`editable_note\`;`);
    this.addSql(`drop table if exists \`ticket_tag\`;`);
  }

}
