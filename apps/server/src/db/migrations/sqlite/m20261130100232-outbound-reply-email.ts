import { Migration } from '@mikro-orm/migrations';

export class Migration20261130100232_outbound_reply_email extends Migration {

  override name = 'Migration20261130100232_outbound_reply_email';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`outbox_mail\` add column \`raw\` text null;`);
    this.addSql(`alter table \`outbox_mail\` add column \`envelope_to\` json null;`);
    this.addSql(`alter table \`outbox_mail\` add column \`envelope_from\` text null;`);
    this.addSql(`alter table \`outbox_mail\` add column \`thread_item_id\` integer null;`);
    this.addSql(`create index \`outbox_mail_thread_item_id_index\` on \`outbox_mail\` (\`thread_item_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index \`outbox_mail_thread_item_id_index\`;`);
    this.addSql(`alter table \`outbox_mail\` drop column \`raw\`;`);
    this.addSql(`alter table \`outbox_mail\` drop column \`envelope_to\`;`);
    this.addSql(`alter table \`outbox_mail\` drop column \`envelope_from\`;`);
    this.addSql(`alter table \`outbox_mail\` drop column \`thread_item_id\`;`);
  }

}
