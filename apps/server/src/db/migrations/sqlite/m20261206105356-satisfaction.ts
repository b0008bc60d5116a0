import { Migration } from '@mikro-orm/migrations';

export class Migration20261206105356_satisfaction extends Migration {

  override name = 'Migration20261206105356_satisfaction';

  override up(): void | Promise<void> {
    this.addSql(`create table \`satisfaction_survey\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`way\` text check (\`way\` in ('email', 'widget')) not null, \`locale\` text check (\`locale\` in ('en', 'bg', 'el', 'lv', 'ru', 'uk')) not null, \`recipient\` text null, \`asked_at\` datetime not null, \`sent_at\` datetime null, \`expires_at\` datetime not null, \`rating\` text check (\`rating\` in ('good', 'bad')) null, \`comment\` text null, \`rated_at\` datetime null, constraint \`satisfaction_survey_ticket_id_foreign\` foreign key (\`ticket_id\`) references \`ticket\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`satisfaction_survey_ticket_id_index\` on \`satisfaction_survey\` (\`ticket_id\`);`);
    this.addSql(`create unique index \`satisfaction_survey_ticket_id_unique\` on \`satisfaction_survey\` (\`ticket_id\`);`);
    this.addSql(`create index \`satisfaction_survey_unsent\` on \`satisfaction_survey\` (\`way\`, \`sent_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`satisfaction_survey\`;`);
  }

}
