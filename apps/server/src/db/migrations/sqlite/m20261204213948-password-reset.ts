import { Migration } from '@mikro-orm/migrations';

export class Migration20261204213948_password_reset extends Migration {

  override name = 'Migration20261204213948_password_reset';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`agent\` add column \`password_reset_token_hash\` text null;`);
    this.addSql(`alter table \`agent\` add column \`password_reset_expires_at\` datetime null;`);
    this.addSql(`create unique index \`agent_password_reset_token_hash_unique\` on \`agent\` (\`password_reset_token_hash\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index \`agent_password_reset_token_hash_unique\`;`);
    this.addSql(`alter table \`agent\` drop column \`password_reset_token_hash\`;`);
    this.addSql(`alter table \`agent\` drop column \`password_reset_expires_at\`;`);
  }

}
