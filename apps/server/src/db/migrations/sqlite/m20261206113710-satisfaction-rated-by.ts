import { Migration } from '@mikro-orm/migrations';

export class Migration20261206113710_satisfaction_rated_by extends Migration {

  override name = 'Migration20261206113710_satisfaction_rated_by';

  override up(): void | Promise<void> {

    this.addSql(`alter table \`satisfaction_survey\` add column \`rated_department_id\` integer null constraint \`satisfaction_survey_rated_department_id_foreign\` references \`department\` (\`id\`) on delete set null;`);
    this.addSql(`alter table \`satisfaction_survey\` add column \`rated_agent_id\` integer null constraint \`satisfaction_survey_rated_agent_id_foreign\` references \`agent\` (\`id\`) on delete set null;`);
    this.addSql(`create index \`satisfaction_survey_rated_department_id_index\` on \`satisfaction_survey\` (\`rated_department_id\`);`);
    this.addSql(`create index \`satisfaction_survey_rated_agent_id_index\` on \`satisfaction_survey\` (\`rated_agent_id\`);`);
    this.addSql(`create index \`satisfaction_survey_rated\` on \`satisfaction_survey\` (\`rated_at\`);`);
  }

  override down(): void | Promise<void> {

    this.addSql(`drop index \`satisfaction_survey_rated_department_id_index\`;`);
    this.addSql(`drop index \`satisfaction_survey_rated_agent_id_index\`;`);
    this.addSql(`drop index \`satisfaction_survey_rated\`;`);
    this.addSql(`alter table \`satisfaction_survey\` drop column \`rated_department_id\`;`);
    this.addSql(`alter table \`satisfaction_survey\` drop column \`rated_agent_id\`;`);
  }

}
