import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000_initial } from './Migration20261128000000_initial.js';

/** SQLite migrations, oldest first. A new migration is added at the end, never edited after release. */
export const SQLITE_MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261128000000_initial', class: Migration20261128000000_initial }];
