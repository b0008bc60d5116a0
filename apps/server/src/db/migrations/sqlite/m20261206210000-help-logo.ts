import { Migration } from '@mikro-orm/migrations';

/** The help center's logo, an uploaded picture, kept on the widget whose looks the help center wears. */
export class Migration20261206210000_help_logo extends Migration {

  override name = 'Migration20261206210000_help_logo';

  override up(): void | Promise<void> {

    this.addSql(`alter table \`widget\` add column \`logo_attachment_id\` text null constraint \`widget_logo_attachment_id_foreign\` references \`attachment\` (\`id\`) on delete set null;`);
    this.addSql(`create index \`widget_logo_attachment_id_index\` on \`widget\` (\`logo_attachment_id\`);`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop index \`widget_logo_attachment_id_index\`;`);
    this.addSql(`alter table \`widget\` drop column \`logo_attachment_id\`;`);
  }

}
