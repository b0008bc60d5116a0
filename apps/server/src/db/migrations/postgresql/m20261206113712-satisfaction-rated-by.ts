import { Migration } from '@mikro-orm/migrations';

export class Migration20261206113712_satisfaction_rated_by extends Migration {

  override name = 'Migration20261206113712_satisfaction_rated_by';

  override up(): void | Promise<void> {

    this.addSql(`alter table "satisfaction_survey" add "rated_department_id" int null, add "rated_agent_id" int null;`);
    this.addSql(`alter table "satisfaction_survey" add constraint "satisfaction_survey_rated_department_id_foreign" foreign key ("rated_department_id") references "department" ("id") on delete set null;`);
    this.addSql(`alter table "satisfaction_survey" add constraint "satisfaction_survey_rated_agent_id_foreign" foreign key ("rated_agent_id") references "agent" ("id") on delete set null;`);
    this.addSql(`create index "satisfaction_survey_rated" on "satisfaction_survey" ("rated_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "satisfaction_survey" drop constraint "satisfaction_survey_rated_department_id_foreign";`);
    this.addSql(`alter table "satisfaction_survey" drop constraint "satisfaction_survey_rated_agent_id_foreign";`);

    this.addSql(`drop index "satisfaction_survey_rated";`);
    this.addSql(`alter table "satisfaction_survey" drop column "rated_department_id", drop column "rated_agent_id";`);
  }

}
