import { Migration } from '@mikro-orm/migrations';

export class Migration20261206074519_statistics extends Migration {

  override name = 'Migration20261206074519_statistics';

  override up(): void | Promise<void> {
    this.addSql(`create table \`statistics_fact\` (\`id\` integer not null primary key autoincrement, \`kind\` text not null, \`at\` datetime not null, \`department_id\` integer null, \`agent_id\` integer null, \`channel\` text not null, \`priority\` text not null, \`tags\` json not null, \`count\` integer not null, \`value\` integer null);`);

    this.addSql(`create table \`statistics_rollup\` (\`kind\` text not null, \`department_id\` integer not null, \`agent_id\` integer not null, \`channel\` text not null, \`priority\` text not null, \`tag\` text not null, \`slot\` integer not null, \`bin\` integer not null, \`count\` integer not null, primary key (\`kind\`, \`department_id\`, \`agent_id\`, \`channel\`, \`priority\`, \`tag\`, \`slot\`, \`bin\`)) without rowid;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`statistics_fact\`;`);
    this.addSql(`drop table if exists \`statistics_rollup\`;`);
  }

}
