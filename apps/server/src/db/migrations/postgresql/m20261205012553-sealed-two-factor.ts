import { Migration } from '@mikro-orm/migrations';

export class Migration20261205012553_sealed_two_factor extends Migration {

  override name = 'Migration20261205012553_sealed_two_factor';

  override up(): void | Promise<void> {
    this.addSql(`alter table "agent" alter column "totp_secret" type varchar(200) using ("totp_secret"::varchar(200));`);
    this.addSql(`alter table "agent" alter column "totp_pending_secret" type varchar(200) using ("totp_pending_secret"::varchar(200));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "agent" alter column "totp_secret" type varchar(64) using ("totp_secret"::varchar(64));`);
    this.addSql(`alter table "agent" alter column "totp_pending_secret" type varchar(64) using ("totp_pending_secret"::varchar(64));`);
  }

}
