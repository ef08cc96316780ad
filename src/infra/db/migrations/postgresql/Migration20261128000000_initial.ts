import { Migration } from '@mikro-orm/migrations';

/**
 * PostgreSQL: the first schema (order intents, executions, positions and their journal, decisions,
 * risk snapshots, backtest runs and trades). Generated from the entities, then kept by hand: a
 * migration, once released, never changes; the next change is a new migration.
 */
export class Migration20261128000000_initial extends Migration {
  override up(): void {
    this.addSql(`create table "backtest_run" (
      "id" serial primary key,
      "started_at" bigint not null,
      "finished_at" bigint null,
      "market" varchar(255) not null,
      "config_digest" varchar(128) not null,
      "stats" jsonb null
    );`);
    this.addSql(`create table "backtest_trade" (
      "id" serial primary key,
      "run_id" int not null,
      "position_id" varchar(128) not null,
      "underlying" varchar(32) not null,
      "symbol" varchar(64) not null,
      "direction" text check ("direction" in ('bullish', 'bearish')) not null,
      "trade_type" text check ("trade_type" in ('day', 'swing')) not null,
      "side" text check ("side" in ('long', 'short')) not null,
      "qty" int not null,
      "entry_ts" bigint not null,
      "exit_ts" bigint not null,
      "entry_price" double precision not null,
      "exit_price" double precision not null,
      "pnl" double precision not null,
      "fees" double precision not null,
      "capital_risked" double precision not null,
      "entry_reasons" jsonb not null,
      "exit_reasons" jsonb not null
    );`);
    this.addSql(`create index "backtest_trade_run_id_index" on "backtest_trade" ("run_id");`);
    this.addSql(`create table "decision" (
      "id" serial primary key,
      "ts" bigint not null,
      "correlation_id" varchar(255) not null,
      "kind" varchar(32) not null,
      "ok" boolean not null,
      "underlying" varchar(32) not null,
      "symbol" varchar(64) null,
      "reasons" jsonb not null
    );`);
    this.addSql(`create index "decision_correlation_id_index" on "decision" ("correlation_id");`);
    this.addSql(`create table "execution" (
      "id" serial primary key,
      "client_order_id" varchar(128) not null,
      "correlation_id" varchar(255) not null,
      "symbol" varchar(64) not null,
      "side" text check ("side" in ('buy', 'sell')) not null,
      "status" varchar(20) not null,
      "fill_qty" int not null,
      "fill_price" double precision null,
      "cum_qty" int not null,
      "avg_fill_price" double precision null,
      "fees" double precision not null,
      "ts" bigint not null,
      "reason" text null
    );`);
    this.addSql(`alter table "execution" add constraint "execution_order_status_cum_qty_unique" unique ("client_order_id", "status", "cum_qty");`);
    this.addSql(`create table "order_intent" (
      "id" serial primary key,
      "client_order_id" varchar(128) not null,
      "correlation_id" varchar(255) not null,
      "underlying" varchar(32) not null,
      "symbol" varchar(64) not null,
      "side" text check ("side" in ('buy', 'sell')) not null,
      "effect" text check ("effect" in ('open', 'close')) not null,
      "qty" int not null,
      "type" text check ("type" in ('limit', 'market')) not null,
      "limit_price" double precision null,
      "time_in_force" varchar(16) not null,
      "reasons" jsonb not null,
      "ts" bigint not null,
      "status" varchar(20) not null,
      "cum_qty" int not null,
      "avg_fill_price" double precision null,
      "published" boolean not null,
      "published_at" bigint null,
      "updated_ts" bigint not null
    );`);
    this.addSql(`alter table "order_intent" add constraint "order_intent_client_order_id_unique" unique ("client_order_id");`);
    this.addSql(`create index "order_intent_status_index" on "order_intent" ("status");`);
    this.addSql(`create index "order_intent_published_ts_index" on "order_intent" ("published", "ts");`);
    this.addSql(`create table "position_event" (
      "id" serial primary key,
      "position_id" varchar(128) not null,
      "seq" int not null,
      "kind" varchar(64) not null,
      "payload" jsonb not null,
      "ts" bigint not null
    );`);
    this.addSql(`alter table "position_event" add constraint "position_event_position_id_seq_unique" unique ("position_id", "seq");`);
    this.addSql(`create table "position" (
      "id" varchar(128) not null,
      "underlying" varchar(32) not null,
      "symbol" varchar(64) not null,
      "state" jsonb not null,
      "open" boolean not null,
      "updated_ts" bigint not null,
      constraint "position_pkey" primary key ("id")
    );`);
    this.addSql(`create index "position_open_index" on "position" ("open");`);
    this.addSql(`create table "risk_snapshot" (
      "id" serial primary key,
      "ts" bigint not null,
      "equity" double precision not null,
      "capital_at_risk" double precision not null,
      "net_delta_shares" double precision not null,
      "net_vega" double precision not null,
      "net_gamma" double precision not null,
      "net_theta" double precision not null,
      "open_positions" int not null,
      "detail" jsonb null
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
