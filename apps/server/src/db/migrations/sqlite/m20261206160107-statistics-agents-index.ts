import { Migration } from '@mikro-orm/migrations';

export class Migration20261206160107_statistics_agents_index extends Migration {

  override name = 'Migration20261206160107_statistics_agents_index';

  override up(): void | Promise<void> {

    this.addSql(`create index \`statistics_monthly_by_agent_idx\` on \`statistics_monthly\` (\`zone\`, \`department_id\`, \`channel\`, \`priority\`, \`tag\`, \`kind\`, \`agent_id\`, \`bin\`, \`month\`, \`count\`);`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop index \`statistics_monthly_by_agent_idx\`;`);
  }

}
