import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: the generated version rebuilt the agent table, which on SQLite cannot switch foreign keys
 * off inside the migration's transaction (dropping the table would cascade to sessions and memberships) and
 * copied NULL into the new NOT NULL column. ADD COLUMN with a default keeps every row and every reference.
 */
export class Migration20261123173402_agent_availability extends Migration {

  override name = 'Migration20261123173402_agent_availability';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`agent\` add column \`availability\` text not null default 'online' check (\`availability\` in ('online', 'away', 'offline'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`agent\` drop column \`availability\`;`);
  }

}
