import { Migration } from '@mikro-orm/migrations';

export class Migration20261205004055_ticket_relations extends Migration {

  override name = 'Migration20261205004055_ticket_relations';

  override up(): void | Promise<void> {
    this.addSql(`create table \`ticket_link\` (\`low_ticket_id\` integer not null, \`high_ticket_id\` integer not null, \`created_by_agent_id\` integer null, \`created_at\` datetime not null, primary key (\`low_ticket_id\`, \`high_ticket_id\`), constraint \`ticket_link_low_ticket_id_foreign\` foreign key (\`low_ticket_id\`) references \`ticket\` (\`id\`) on update cascade on delete cascade, constraint \`ticket_link_high_ticket_id_foreign\` foreign key (\`high_ticket_id\`) references \`ticket\` (\`id\`) on update cascade on delete cascade, constraint \`ticket_link_created_by_agent_id_foreign\` foreign key (\`created_by_agent_id\`) references \`agent\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`ticket_link_low_ticket_id_index\` on \`ticket_link\` (\`low_ticket_id\`);`);
    this.addSql(`create index \`ticket_link_high_ticket_id_index\` on \`ticket_link\` (\`high_ticket_id\`);`);
    this.addSql(`create index \`ticket_link_created_by_agent_id_index\` on \`ticket_link\` (\`created_by_agent_id\`);`);

    this.addSql(`create table \`ticket_merge\` (\`id\` integer not null primary key autoincrement, \`target_ticket_id\` integer not null, \`source_ticket_id\` integer not null, \`agent_id\` integer null, \`moved_item_ids\` json not null, \`source_before\` json not null, \`added_cc\` json not null, \`created_at\` datetime not null, \`undone_at\` datetime null, constraint \`ticket_merge_target_ticket_id_foreign\` foreign key (\`target_ticket_id\`) references \`ticket\` (\`id\`) on delete cascade, constraint \`ticket_merge_source_ticket_id_foreign\` foreign key (\`source_ticket_id\`) references \`ticket\` (\`id\`) on delete cascade, constraint \`ticket_merge_agent_id_foreign\` foreign key (\`agent_id\`) references \`agent\` (\`id\`) on delete set null);`);
    this.addSql(`create index \`ticket_merge_target_ticket_id_index\` on \`ticket_merge\` (\`target_ticket_id\`);`);
    this.addSql(`create index \`ticket_merge_source_ticket_id_index\` on \`ticket_merge\` (\`source_ticket_id\`);`);
    this.addSql(`create index \`ticket_merge_agent_id_index\` on \`ticket_merge\` (\`agent_id\`);`);

    this.addSql(`alter table \`ticket\` add column \`merged_into_id\` integer null;`);
    this.addSql(`create index \`ticket_merged_into_id_index\` on \`ticket\` (\`merged_into_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`ticket_link\`;`);
    this.addSql(`drop table if exists \`ticket_merge\`;`);

    this.addSql(`drop index \`ticket_merged_into_id_index\`;`);
    this.addSql(`alter table \`ticket\` drop column \`merged_into_id\`;`);
  }

}
