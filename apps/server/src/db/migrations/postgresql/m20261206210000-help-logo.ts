import { Migration } from '@mikro-orm/migrations';

/** The help center's logo, an uploaded picture, kept on the widget whose looks the help center wears. */
export class Migration20261206210000_help_logo extends Migration {

  override name = 'Migration20261206210000_help_logo';

  override up(): void | Promise<void> {

    this.addSql(`alter table "widget" add "logo_attachment_id" uuid null;`);
    this.addSql(`alter table "widget" add constraint "widget_logo_attachment_id_foreign" foreign key ("logo_attachment_id") references "attachment" ("id") on delete set null;`);
  }

  override down(): void | Promise<void> {

    this.addSql(`alter table "widget" drop constraint "widget_logo_attachment_id_foreign";`);
    this.addSql(`alter table "widget" drop column "logo_attachment_id";`);
  }

}
