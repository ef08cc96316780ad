import { Migration } from '@mikro-orm/migrations';

/**
 * SQLite: a backtest records its run. The run row gains its figures (trades, equity, the summary's
 * decision counters and reject reason counts, its description), and a run's decisions get a table
 * of their own, apart from the live audit.
 */
export class Migration20261205000000_backtest_record extends Migration {
  override up(): void {
    this.addSql(`create table "backtest_decision" (
      "id" integer not null primary key autoincrement,
      "run_id" integer not null,
      "ts" bigint not null,
      "correlation_id" text not null,
      "kind" text not null,
      "ok" integer not null,
      "underlying" text not null,
      "symbol" text null,
      "reasons" json not null
    );`);
    this.addSql(`create index "backtest_decision_run_id_index" on "backtest_decision" ("run_id");`);
    this.addSql(`alter table "backtest_run" add column "trades" integer null;`);
    this.addSql(`alter table "backtest_run" add column "starting_equity" double null;`);
    this.addSql(`alter table "backtest_run" add column "ending_equity" double null;`);
    this.addSql(`alter table "backtest_run" add column "meta" json null;`);
    this.addSql(`alter table "backtest_run" add column "decision_counts" json null;`);
    this.addSql(`alter table "backtest_run" add column "reject_counts" json null;`);
  }

  override down(): void {
    for (const column of ['reject_counts', 'decision_counts', 'meta', 'ending_equity', 'starting_equity', 'trades']) {
      this.addSql(`alter table "backtest_run" drop column "${column}";`);
    }
    this.addSql(`drop table if exists "backtest_decision";`);
  }
}
