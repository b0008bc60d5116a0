import { Migration } from '@mikro-orm/migrations';

export class Migration20261123173628_saved_views extends Migration {

  override name = 'Migration20261123173628_saved_views';

  override up(): void | Promise<void> {
    this.addSql(`create table \`saved_view\` (\`id\` integer not null primary key autoincrement, \`agent_id\` integer not null, \`name\` text not null, \`filters\` text not null, \`position\` integer not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`saved_view_agent_id_foreign\` foreign key (\`agent_id\`) references \`agent\` (\`id\`) on delete cascade);`);
    this.addSql(`create index \`saved_view_agent_id_index\` on \`saved_view\` (\`agent_id\`);`);
    this.addSql(`create index \`saved_view_agent_position_idx\` on \`saved_view\` (\`agent_id\`, \`position\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`saved_view\`;`);
  }

}
