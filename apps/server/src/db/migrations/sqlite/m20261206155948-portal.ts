import { Migration } from '@mikro-orm/migrations';

export class Migration20261206155948_portal extends Migration {

  override name = 'Migration20261206155948_portal';

  override up(): void | Promise<void> {
    this.addSql(`create table \`portal_session\` (\`id\` integer not null primary key autoincrement, \`token_hash\` text not null, \`contact_id\` integer not null, \`created_at\` datetime not null, \`last_seen_at\` datetime not null, \`ended_at\` datetime null, constraint \`portal_session_contact_id_foreign\` foreign key (\`contact_id\`) references \`contact\` (\`id\`) on delete cascade);`);
    this.addSql(`create unique index \`portal_session_token_hash_unique\` on \`portal_session\` (\`token_hash\`);`);
    this.addSql(`create index \`portal_session_contact_id_index\` on \`portal_session\` (\`contact_id\`);`);

    this.addSql(`create table \`portal_sign_in\` (\`id\` integer not null primary key autoincrement, \`contact_id\` integer not null, \`ticket_id\` integer null, \`locale\` text check (\`locale\` in ('en', 'bg', 'el', 'lv', 'ru', 'uk')) not null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`used_at\` datetime null, constraint \`portal_sign_in_contact_id_foreign\` foreign key (\`contact_id\`) references \`contact\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`portal_sign_in_contact_id_index\` on \`portal_sign_in\` (\`contact_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`portal_session\`;`);
    this.addSql(`drop table if exists \`portal_sign_in\`;`);
  }

}
