import { Migration } from '@mikro-orm/migrations';

/** PostgreSQL: each ticker's daily at-the-money IV, so IV rank survives a restart. */
export class Migration20261207000000_iv_history extends Migration {
  override up(): void {
    this.addSql(`create table "iv_observation" (
      "ticker" varchar(16) not null,
      "date" varchar(10) not null,
      "iv" double precision not null,
      constraint "iv_observation_pkey" primary key ("ticker", "date")
    );`);
  }

  override down(): void {
    this.addSql(`drop table if exists "iv_observation";`);
  }
}
