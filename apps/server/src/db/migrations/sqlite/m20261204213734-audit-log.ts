import { Migration } from '@mikro-orm/migrations';

export class Migration20261204213734_audit_log extends Migration {

  override name = 'Migration20261204213734_audit_log';

  override up(): void | Promise<void> {
    this.addSql(`create table \`audit_entry\` (\`id\` integer not null primary key autoincrement, \`occurred_at\` datetime not null, \`actor_kind\` text check (\`actor_kind\` in ('agent', 'api_token', 'system')) not null, \`actor_agent_id\` integer null, \`actor_name\` text null, \`actor_api_token_id\` integer null, \`action\` text not null, \`target_type\` text not null, \`target_id\` integer not null, \`target_label\` text not null, \`changes\` json not null, \`ip\` text null, \`user_agent\` text null);`);
    this.addSql(`create index \`audit_entry_occurred_at_index\` on \`audit_entry\` (\`occurred_at\`);`);
    this.addSql(`create index \`audit_entry_actor_agent_id_index\` on \`audit_entry\` (\`actor_agent_id\`);`);
    this.addSql(`create index \`audit_entry_action_index\` on \`audit_entry\` (\`action\`);`);
    this.addSql(`create index \`audit_entry_target_type_index\` on \`audit_entry\` (\`target_type\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`audit_entry\`;`);
  }

}
