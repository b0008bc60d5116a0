import { Migration } from '@mikro-orm/migrations';

export class Migration20261206083157_statistics extends Migration {

  override name = 'Migration20261206083157_statistics';

  override up(): void | Promise<void> {
    this.addSql(`create table \`statistics_daily\` (\`zone\` text not null, \`kind\` text not null, \`department_id\` integer not null, \`agent_id\` integer not null, \`channel\` text not null, \`priority\` text not null, \`tag\` text not null, \`day\` integer not null, \`bin\` integer not null, \`count\` integer not null, primary key (\`zone\`, \`kind\`, \`department_id\`, \`agent_id\`, \`channel\`, \`priority\`, \`tag\`, \`day\`, \`bin\`)) without rowid;`);

    this.addSql(`create table \`statistics_day_summary\` (\`zone\` text not null, \`kind\` text not null, \`department_id\` integer not null, \`agent_id\` integer not null, \`channel\` text not null, \`priority\` text not null, \`tag\` text not null, \`day\` integer not null, \`count\` integer not null, \`median_bin\` integer null, \`p90_bin\` integer null, primary key (\`zone\`, \`kind\`, \`department_id\`, \`agent_id\`, \`channel\`, \`priority\`, \`tag\`, \`day\`)) without rowid;`);

    this.addSql(`create table \`statistics_fact\` (\`id\` integer not null primary key autoincrement, \`kind\` text not null, \`at\` datetime not null, \`department_id\` integer null, \`agent_id\` integer null, \`channel\` text not null, \`priority\` text not null, \`tags\` json not null, \`count\` integer not null, \`value\` integer null);`);

    this.addSql(`create table \`statistics_monthly\` (\`zone\` text not null, \`kind\` text not null, \`department_id\` integer not null, \`agent_id\` integer not null, \`channel\` text not null, \`priority\` text not null, \`tag\` text not null, \`month\` integer not null, \`bin\` integer not null, \`count\` integer not null, primary key (\`zone\`, \`kind\`, \`department_id\`, \`agent_id\`, \`channel\`, \`priority\`, \`tag\`, \`month\`, \`bin\`)) without rowid;`);

    this.addSql(`create table \`statistics_rollup\` (\`kind\` text not null, \`department_id\` integer not null, \`agent_id\` integer not null, \`channel\` text not null, \`priority\` text not null, \`tag\` text not null, \`slot\` integer not null, \`bin\` integer not null, \`count\` integer not null, primary key (\`kind\`, \`department_id\`, \`agent_id\`, \`channel\`, \`priority\`, \`tag\`, \`slot\`, \`bin\`)) without rowid;`);
    this.addSql(`create index \`statistics_rollup_slot_idx\` on \`statistics_rollup\` (\`slot\`);`);

    this.addSql(`create table \`statistics_zone\` (\`zone\` text not null primary key, \`built_below\` integer null, \`created_at\` datetime not null);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`statistics_daily\`;`);
    this.addSql(`drop table if exists \`statistics_day_summary\`;`);
    this.addSql(`drop table if exists \`statistics_fact\`;`);
    this.addSql(`drop table if exists \`statistics_monthly\`;`);
    this.addSql(`drop table if exists \`statistics_rollup\`;`);
    this.addSql(`drop table if exists \`statistics_zone\`;`);
  }

}
