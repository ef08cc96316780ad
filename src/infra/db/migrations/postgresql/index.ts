import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000_initial } from './Migration20261128000000_initial.js';
import { Migration20261205000000_backtest_record } from './Migration20261205000000_backtest_record.js';
import { Migration20261206000000_entry_context } from './Migration20261206000000_entry_context.js';
import { Migration20261207000000_iv_history } from './Migration20261207000000_iv_history.js';
import { Migration20261208000000_order_legs } from './Migration20261208000000_order_legs.js';

/** PostgreSQL migrations, oldest first. A new migration is added at the end, never edited after release. */
export const POSTGRESQL_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128000000_initial', class: Migration20261128000000_initial },
  { name: 'Migration20261205000000_backtest_record', class: Migration20261205000000_backtest_record },
  { name: 'Migration20261206000000_entry_context', class: Migration20261206000000_entry_context },
  { name: 'Migration20261207000000_iv_history', class: Migration20261207000000_iv_history },
  { name: 'Migration20261208000000_order_legs', class: Migration20261208000000_order_legs },
];
