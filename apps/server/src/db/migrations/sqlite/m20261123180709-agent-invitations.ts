import { Migration } from '@mikro-orm/migrations';

/** Checked by hand (see docs/architecture.md): nullable columns added with ADD COLUMN, so no table is rebuilt and every reference stays. */
export class Migration20261123180709_agent_invitations extends Migration {

  override name = 'Migration20261123180709_agent_invitations';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`agent\` add column \`invitation_token_hash\` text null;`);
    this.addSql(`alter table \`agent\` add column \`invitation_expires_at\` datetime null;`);
    this.addSql(`create unique index \`agent_invitation_token_hash_unique\` on \`agent\` (\`invitation_token_hash\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index \`agent_invitation_token_hash_unique\`;`);
    this.addSql(`alter table \`agent\` drop column \`invitation_token_hash\`;`);
    this.addSql(`alter table \`agent\` drop column \`invitation_expires_at\`;`);
  }

}
