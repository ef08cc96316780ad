import { Migration } from '@mikro-orm/migrations';

/**
 * PostgreSQL: a backtest records its run. The run row gains its figures (trades, equity, the
 * summary's decision counters and reject reason counts, its description), and a run's decisions
 * get a table of their own, apart from the live audit.
 */
export class Migration20261205000000_backtest_record extends Migration {
  override up(): void {
    this.addSql(`create table "backtest_decision" (
      "id" serial primary key,
      "run_id" int not null,
      "ts" bigint not null,
      "correlation_id" varchar(255) not null,
      "kind" varchar(32) not null,
      "ok" boolean not null,
      "underlying" varchar(32) not null,
      "symbol" varchar(64) null,
      "reasons" jsonb not null
    );`);
    this.addSql(`create index "backtest_decision_run_id_index" on "backtest_decision" ("run_id");`);
    this.addSql(`alter table "backtest_run"
      add column "trades" int null,
      add column "starting_equity" double precision null,
      add column "ending_equity" double precision null,
      add column "meta" jsonb null,
      add column "decision_counts" jsonb null,
      add column "reject_counts" jsonb null;`);
  }

  override down(): void {
    this.addSql(`alter table "backtest_run"
      drop column "trades",
      drop column "starting_equity",
      drop column "ending_equity",
      drop column "meta",
      drop column "decision_counts",
      drop column "reject_counts";`);
    this.addSql(`drop table if exists "backtest_decision";`);
  }
}
