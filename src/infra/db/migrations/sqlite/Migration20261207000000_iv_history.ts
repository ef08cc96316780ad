import { Migration } from '@mikro-orm/migrations';

/** SQLite: each ticker's daily at-the-money IV, so IV rank survives a restart. */
export class Migration20261207000000_iv_history extends Migration {
  override up(): void {
    this.addSql(`create table "iv_observation" (
      "ticker" text not null,
      "date" text not null,
      "iv" double not null,
      primary key ("ticker", "date")
    );`);
  }

  override down(): void {
    this.addSql(`drop table if exists "iv_observation";`);
  }
}
