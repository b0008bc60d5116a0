import { Migration } from '@mikro-orm/migrations';

export class Migration20261206193000_statistics_quarters_years extends Migration {

  override name = 'Migration20261206193000_statistics_quarters_years';

  override up(): void | Promise<void> {

    this.addSql(`create table \`statistics_quarterly\` (\`zone\` text not null, \`kind\` text not null, \`department_id\` integer not null, \`agent_id\` integer not null, \`channel\` text not null, \`priority\` text not null, \`tag\` text not null, \`quarter\` integer not null, \`bin\` integer not null, \`count\` integer not null, primary key (\`zone\`, \`kind\`, \`department_id\`, \`agent_id\`, \`channel\`, \`priority\`, \`tag\`, \`quarter\`, \`bin\`)) without rowid;`);
    this.addSql(`create index \`statistics_quarterly_by_agent_idx\` on \`statistics_quarterly\` (\`zone\`, \`department_id\`, \`channel\`, \`priority\`, \`tag\`, \`kind\`, \`agent_id\`, \`bin\`, \`quarter\`, \`count\`);`);
    // What the zones' months already hold, summed into their quarters.
    this.addSql(`insert into \`statistics_quarterly\` (\`zone\`, \`kind\`, \`department_id\`, \`agent_id\`, \`channel\`, \`priority\`, \`tag\`, \`quarter\`, \`bin\`, \`count\`) select \`zone\`, \`kind\`, \`department_id\`, \`agent_id\`, \`channel\`, \`priority\`, \`tag\`, \`month\` / 3, \`bin\`, sum(\`count\`) from \`statistics_monthly\` group by \`zone\`, \`kind\`, \`department_id\`, \`agent_id\`, \`channel\`, \`priority\`, \`tag\`, \`month\` / 3, \`bin\`;`);
    this.addSql(`create table \`statistics_yearly\` (\`zone\` text not null, \`kind\` text not null, \`department_id\` integer not null, \`agent_id\` integer not null, \`channel\` text not null, \`priority\` text not null, \`tag\` text not null, \`year\` integer not null, \`bin\` integer not null, \`count\` integer not null, primary key (\`zone\`, \`kind\`, \`department_id\`, \`agent_id\`, \`channel\`, \`priority\`, \`tag\`, \`year\`, \`bin\`)) without rowid;`);
    this.addSql(`create index \`statistics_yearly_by_agent_idx\` on \`statistics_yearly\` (\`zone\`, \`department_id\`, \`channel\`, \`priority\`, \`tag\`, \`kind\`, \`agent_id\`, \`bin\`, \`year\`, \`count\`);`);
    // What the zones' months already hold, summed into their years.
    this.addSql(`insert into \`statistics_yearly\` (\`zone\`, \`kind\`, \`department_id\`, \`agent_id\`, \`channel\`, \`priority\`, \`tag\`, \`year\`, \`bin\`, \`count\`) select \`zone\`, \`kind\`, \`department_id\`, \`agent_id\`, \`channel\`, \`priority\`, \`tag\`, \`month\` / 12, \`bin\`, sum(\`count\`) from \`statistics_monthly\` group by \`zone\`, \`kind\`, \`department_id\`, \`agent_id\`, \`channel\`, \`priority\`, \`tag\`, \`month\` / 12, \`bin\`;`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop table if exists \`statistics_quarterly\`;`);
    this.addSql(`drop table if exists \`statistics_yearly\`;`);
  }

}
