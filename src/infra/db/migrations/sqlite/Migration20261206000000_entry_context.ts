import { Migration } from '@mikro-orm/migrations';

/** SQLite: an opening order's intent keeps what its entry needs to be taken up again after a restart. */
export class Migration20261206000000_entry_context extends Migration {
  override up(): void {
    this.addSql(`alter table "order_intent" add column "entry_context" json null;`);
  }

  override down(): void {
    this.addSql(`alter table "order_intent" drop column "entry_context";`);
  }
}
