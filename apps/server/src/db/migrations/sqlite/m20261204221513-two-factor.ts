import { Migration } from '@mikro-orm/migrations';

export class Migration20261204221513_two_factor extends Migration {

  override name = 'Migration20261204221513_two_factor';

  override up(): void | Promise<void> {
    this.addSql(`create table \`pending_sign_in\` (\`id\` integer not null primary key autoincrement, \`token_hash\` text not null, \`agent_id\` integer not null, \`attempts\` integer not null default 0, \`expires_at\` datetime not null, \`created_at\` datetime not null, constraint \`pending_sign_in_agent_id_foreign\` foreign key (\`agent_id\`) references \`agent\` (\`id\`) on delete cascade);`);
    this.addSql(`create unique index \`pending_sign_in_token_hash_unique\` on \`pending_sign_in\` (\`token_hash\`);`);
    this.addSql(`create index \`pending_sign_in_agent_id_index\` on \`pending_sign_in\` (\`agent_id\`);`);

    this.addSql(`create table \`recovery_code\` (\`id\` integer not null primary key autoincrement, \`agent_id\` integer not null, \`code_hash\` text not null, \`created_at\` datetime not null, constraint \`recovery_code_agent_id_foreign\` foreign key (\`agent_id\`) references \`agent\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`recovery_code_agent_id_index\` on \`recovery_code\` (\`agent_id\`);`);

    this.addSql(`alter table \`agent\` add column \`totp_secret\` text null;`);
    this.addSql(`alter table \`agent\` add column \`totp_pending_secret\` text null;`);
    this.addSql(`alter table \`agent\` add column \`totp_enabled_at\` datetime null;`);
    this.addSql(`alter table \`agent\` add column \`totp_last_step\` integer null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`pending_sign_in\`;`);
    this.addSql(`drop table if exists \`recovery_code\`;`);

    this.addSql(`alter table \`agent\` drop column \`totp_secret\`;`);
    this.addSql(`alter table \`agent\` drop column \`totp_pending_secret\`;`);
    this.addSql(`alter table \`agent\` drop column \`totp_enabled_at\`;`);
    this.addSql(`alter table \`agent\` drop column \`totp_last_step\`;`);
  }

}
