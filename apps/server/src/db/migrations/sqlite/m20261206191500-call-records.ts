import { Migration } from '@mikro-orm/migrations';

/** The team chat's record of a call. Columns are added in place (a rebuilt table would cascade, see architecture.md). */
export class Migration20261206191500_call_records extends Migration {

  override name = 'Migration20261206191500_call_records';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`team_message\` add column \`call_id\` integer null;`);
    this.addSql(`alter table \`team_message\` add column \`call\` json null;`);
    this.addSql(`create unique index \`team_message_call_id_unique\` on \`team_message\` (\`call_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index \`team_message_call_id_unique\`;`);
    this.addSql(`alter table \`team_message\` drop column \`call\`;`);
    this.addSql(`alter table \`team_message\` drop column \`call_id\`;`);
  }

}
