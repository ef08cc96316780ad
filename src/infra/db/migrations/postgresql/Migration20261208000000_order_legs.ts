import { Migration } from '@mikro-orm/migrations';

/** PostgreSQL: a multi-leg order's legs (a credit spread) are kept with its intent; null for a single-leg order. */
export class Migration20261208000000_order_legs extends Migration {
  override up(): void {
    this.addSql(`alter table "order_intent" add column "legs" jsonb null;`);
  }

  override down(): void {
    this.addSql(`alter table "order_intent" drop column "legs";`);
  }
}
