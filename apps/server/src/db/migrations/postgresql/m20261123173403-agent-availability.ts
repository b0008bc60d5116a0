import { Migration } from '@mikro-orm/migrations';

export class Migration20261123173403_agent_availability extends Migration {

  override name = 'Migration20261123173403_agent_availability';

  override up(): void | Promise<void> {
    this.addSql(`alter table "agent" add "availability" text not null default 'online';`);
    this.addSql(`alter table "agent" add constraint "agent_availability_check" check ("availability" in ('online', 'away', 'offline'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "agent" drop constraint "agent_availability_check";`);
    this.addSql(`alter table "agent" drop column "availability";`);
  }

}
