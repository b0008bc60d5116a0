import { Migration } from '@mikro-orm/migrations';

export class Migration20261206061000_webhooks extends Migration {

  override name = 'Migration20261206061000_webhooks';

  override up(): void | Promise<void> {
    this.addSql(`create table \`webhook\` (\`id\` integer not null primary key autoincrement, \`url\` text not null, \`description\` text not null default '', \`events\` json not null, \`include_internal\` integer not null default false, \`allow_private_network\` integer not null default false, \`secret_sealed\` text not null, \`enabled\` integer not null default true, \`disabled_reason\` text null, \`disabled_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);

    this.addSql(`create table \`webhook_delivery\` (\`id\` integer not null primary key autoincrement, \`webhook_id\` integer not null, \`event_id\` text not null, \`event\` text not null, \`body\` text not null, \`state\` text not null default 'pending', \`attempts\` integer not null default 0, \`due_at\` datetime not null, \`next_attempt_at\` datetime null, \`last_attempt_at\` datetime null, \`delivered_at\` datetime null, \`response_status\` integer null, \`response_body\` text null, \`error\` text null, \`created_at\` datetime not null, constraint \`webhook_delivery_webhook_id_foreign\` foreign key (\`webhook_id\`) references \`webhook\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`webhook_delivery_webhook_id_index\` on \`webhook_delivery\` (\`webhook_id\`);`);
    this.addSql(`create unique index \`webhook_delivery_event_id_unique\` on \`webhook_delivery\` (\`event_id\`);`);
    this.addSql(`create index \`webhook_delivery_due_idx\` on \`webhook_delivery\` (\`next_attempt_at\`);`);
    this.addSql(`create index \`webhook_delivery_log_idx\` on \`webhook_delivery\` (\`webhook_id\`, \`id\`);`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop table if exists \`webhook\`;`);
    this.addSql(`drop table if exists \`webhook_delivery\`;`);
  }

}
