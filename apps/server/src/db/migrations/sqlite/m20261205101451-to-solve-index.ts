import { Migration } from '@mikro-orm/migrations';

export class Migration20261205101451_to_solve_index extends Migration {

  override name = 'Migration20261205101451_to_solve_index';

  override up(): void | Promise<void> {
    this.addSql(`create index \`ticket_to_solve_idx\` on \`ticket\` (\`department_id\`, \`status\`, \`sla_next_due_at\`, \`waiting_since\`, \`id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index \`ticket_to_solve_idx\`;`);
  }

}
