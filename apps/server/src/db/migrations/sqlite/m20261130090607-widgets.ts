import { Migration } from '@mikro-orm/migrations';

export class Migration20261130090607_widgets extends Migration {

  override name = 'Migration20261130090607_widgets';

  override up(): void | Promise<void> {
    this.addSql(`create table \`widget\` (\`id\` integer not null primary key autoincrement, \`key\` text not null, \`name\` text not null, \`department_id\` integer null, \`department_ids\` json not null, \`colour\` text not null default '#2563eb', \`position\` text check (\`position\` in ('left', 'right')) not null default 'right', \`greeting\` text null, \`prechat_name\` text check (\`prechat_name\` in ('off', 'optional', 'required')) not null default 'optional', \`prechat_email\` text check (\`prechat_email\` in ('off', 'optional', 'required')) not null default 'optional', \`prechat_question\` integer not null default true, \`identity_secret\` text not null, \`active\` integer not null default true, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`widget_department_id_foreign\` foreign key (\`department_id\`) references \`department\` (\`id\`) on delete set null);`);
    this.addSql(`create unique index \`widget_key_unique\` on \`widget\` (\`key\`);`);
    this.addSql(`create index \`widget_department_id_index\` on \`widget\` (\`department_id\`);`);

    this.addSql(`alter table \`visitor\` add column \`verified\` integer not null default false;`);
    this.addSql(`alter table \`visitor\` add column \`external_user_id\` text null;`);
    this.addSql(`alter table \`visitor\` add column \`claimed_email\` text null;`);
    this.addSql(`alter table \`visitor\` add column \`pages\` json null;`);
    this.addSql(`alter table \`visitor\` add column \`referrer\` text null;`);
    this.addSql(`alter table \`visitor\` add column \`browser\` text null;`);
    this.addSql(`alter table \`visitor\` add column \`os\` text null;`);
    this.addSql(`alter table \`visitor\` add column \`language\` text null;`);
    this.addSql(`alter table \`visitor\` add column \`time_zone\` text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`widget\`;`);

    this.addSql(`alter table \`visitor\` drop column \`verified\`;`);
    this.addSql(`alter table \`visitor\` drop column \`external_user_id\`;`);
    this.addSql(`alter table \`visitor\` drop column \`claimed_email\`;`);
    this.addSql(`alter table \`visitor\` drop column \`pages\`;`);
    this.addSql(`alter table \`visitor\` drop column \`referrer\`;`);
    this.addSql(`alter table \`visitor\` drop column \`browser\`;`);
    this.addSql(`alter table \`visitor\` drop column \`os\`;`);
    this.addSql(`alter table \`visitor\` drop column \`language\`;`);
    this.addSql(`alter table \`visitor\` drop column \`time_zone\`;`);
  }

}
