import { Migration } from '@mikro-orm/migrations';

/**
 * SQLite: the first schema (order intents, executions, positions and their journal, decisions,
 * risk snapshots, backtest runs and trades). Generated from the entities, then kept by hand: a
 * migration, once released, never changes; the next change is a new migration.
 */
export class Migration20261128000000_initial extends Migration {
  override up(): void {
    this.addSql(`create table "backtest_run" (
      "id" integer not null primary key autoincrement,
      "started_at" bigint not null,
      "finished_at" bigint null,
      "market" text not null,
      "config_digest" text not null,
      "stats" json null
    );`);
    this.addSql(`create table "backtest_trade" (
      "id" integer not null primary key autoincrement,
      "run_id" integer not null,
      "position_id" text not null,
      "underlying" text not null,
      "symbol" text not null,
      "direction" text check ("direction" in ('bullish', 'bearish')) not null,
      "trade_type" text check ("trade_type" in ('day', 'swing')) not null,
      "side" text check ("side" in ('long', 'short')) not null,
      "qty" integer not null,
      "entry_ts" bigint not null,
      "exit_ts" bigint not null,
      "entry_price" double not null,
      "exit_price" double not null,
      "pnl" double not null,
      "fees" double not null,
      "capital_risked" double not null,
      "entry_reasons" json not null,
      "exit_reasons" json not null
    );`);
    this.addSql(`create index "backtest_trade_run_id_index" on "backtest_trade" ("run_id");`);
    this.addSql(`create table "decision" (
      "id" integer not null primary key autoincrement,
      "ts" bigint not null,
      "correlation_id" text not null,
      "kind" text not null,
      "ok" integer not null,
      "underlying" text not null,
      "symbol" text null,
      "reasons" json not null
    );`);
    this.addSql(`create index "decision_correlation_id_index" on "decision" ("correlation_id");`);
    this.addSql(`create table "execution" (
      "id" integer not null primary key autoincrement,
      "client_order_id" text not null,
      "correlation_id" text not null,
      "symbol" text not null,
      "side" text check ("side" in ('buy', 'sell')) not null,
      "status" text not null,
      "fill_qty" integer not null,
      "fill_price" double null,
      "cum_qty" integer not null,
      "avg_fill_price" double null,
      "fees" double not null,
      "ts" bigint not null,
      "reason" text null
    );`);
    this.addSql(`create unique index "execution_order_status_cum_qty_unique" on "execution" ("client_order_id", "status", "cum_qty");`);
    this.addSql(`create table "order_intent" (
      "id" integer not null primary key autoincrement,
      "client_order_id" text not null,
      "correlation_id" text not null,
      "underlying" text not null,
      "symbol" text not null,
      "side" text check ("side" in ('buy', 'sell')) not null,
      "effect" text check ("effect" in ('open', 'close')) not null,
      "qty" integer not null,
      "type" text check ("type" in ('limit', 'market')) not null,
      "limit_price" double null,
      "time_in_force" text not null,
      "reasons" json not null,
      "ts" bigint not null,
      "status" text not null,
      "cum_qty" integer not null,
      "avg_fill_price" double null,
      "published" integer not null,
      "published_at" bigint null,
      "updated_ts" bigint not null
    );`);
    this.addSql(`create unique index "order_intent_client_order_id_unique" on "order_intent" ("client_order_id");`);
    this.addSql(`create index "order_intent_status_index" on "order_intent" ("status");`);
    this.addSql(`create index "order_intent_published_ts_index" on "order_intent" ("published", "ts");`);
    this.addSql(`create table "position_event" (
      "id" integer not null primary key autoincrement,
      "position_id" text not null,
      "seq" integer not null,
      "kind" text not null,
      "payload" json not null,
      "ts" bigint not null
    );`);
    this.addSql(`create unique index "position_event_position_id_seq_unique" on "position_event" ("position_id", "seq");`);
    this.addSql(`create table "position" (
      "id" text not null,
      "underlying" text not null,
      "symbol" text not null,
      "state" json not null,
      "open" integer not null,
      "updated_ts" bigint not null,
      primary key ("id")
    );`);
    this.addSql(`create index "position_open_index" on "position" ("open");`);
    this.addSql(`create table "risk_snapshot" (
      "id" integer not null primary key autoincrement,
      "ts" bigint not null,
      "equity" double not null,
      "capital_at_risk" double not null,
      "net_delta_shares" double not null,
      "net_vega" double not null,
      "net_gamma" double not null,
      "net_theta" double not null,
      "open_positions" integer not null,
      "detail" json null
    );`);
    this.addSql(`create index "risk_snapshot_ts_index" on "risk_snapshot" ("ts");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "risk_snapshot";`);
    this.addSql(`drop table if exists "position";`);
    this.addSql(`drop table if exists "position_event";`);
    this.addSql(`drop table if exists "order_intent";`);
    this.addSql(`drop table if exists "execution";`);
    this.addSql(`drop table if exists "decision";`);
    this.addSql(`drop table if exists "backtest_trade";`);
    this.addSql(`drop table if exists "backtest_run";`);
  }
}
