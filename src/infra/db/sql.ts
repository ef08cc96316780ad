import type { MikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/postgresql';

// The SQL layer (`@mikro-orm/knex`) is re-exported by both drivers; its types come through one of
// them here, so the rest of src/infra/db stays dialect-neutral and knex stays an indirect dependency.

/** An ORM on either dialect. */
export type Orm = MikroORM<AbstractSqlDriver>;

/** A unit of work's entity manager (with the SQL query builder), on either dialect. */
export type Em = SqlEntityManager<AbstractSqlDriver>;
