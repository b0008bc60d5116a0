import { Migration } from '@mikro-orm/migrations';

export class Migration20261204215413_session_details extends Migration {

  override name = 'Migration20261204215413_session_details';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`session\` add column \`last_seen_at\` datetime null;`);
    this.addSql(`alter table \`session\` add column \`ip_address\` text null;`);
    this.addSql(`alter table \`session\` add column \`user_agent\` text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`session\` drop column \`last_seen_at\`;`);
    this.addSql(`alter table \`session\` drop column \`ip_address\`;`);
    this.addSql(`alter table \`session\` drop column \`user_agent\`;`);
  }

}
