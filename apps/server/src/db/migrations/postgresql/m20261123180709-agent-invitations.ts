import { Migration } from '@mikro-orm/migrations';

export class Migration20261123180709_agent_invitations extends Migration {

  override name = 'Migration20261123180709_agent_invitations';

  override up(): void | Promise<void> {
    this.addSql(`alter table "agent" add "invitation_token_hash" varchar(64) null, add "invitation_expires_at" timestamptz null;`);
    this.addSql(`alter table "agent" add constraint "agent_invitation_token_hash_unique" unique ("invitation_token_hash");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "agent" drop constraint "agent_invitation_token_hash_unique";`);
    this.addSql(`alter table "agent" drop column "invitation_token_hash", drop column "invitation_expires_at";`);
  }

}
