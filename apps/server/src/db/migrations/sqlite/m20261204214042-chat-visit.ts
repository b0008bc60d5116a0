import { Migration } from '@mikro-orm/migrations';

export class Migration20261204214042_chat_visit extends Migration {

  override name = 'Migration20261204214042_chat_visit';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`chat_session\` add column \`visit\` json null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`chat_session\` drop column \`visit\`;`);
  }

}
