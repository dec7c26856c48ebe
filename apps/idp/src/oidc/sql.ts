// Parameterised SQL on the hot paths of sign-in and of the token endpoint, through the pg pool.
// On PostgreSQL each statement is prepared once per connection (a named statement): the server
// skips parsing and planning, and the driver sends less, which halves the CPU of a query on both
// sides (BENCHMARKS.md, "OIDC"). The embedded database (PGlite behind one socket) shares a single
// session between all the pool's connections, where a name prepared by one connection would clash
// with the next: there, statements stay unnamed.
import type pg from "pg";
import type { Database } from "../db/database.js";
import { asUnavailable } from "../db/unavailable.js";

export type Sql = <R extends pg.QueryResultRow = any>(name: string, text: string, values: unknown[]) => Promise<pg.QueryResult<R>>;

/**
 * A lost database surfaces as DatabaseUnavailable: oidc-provider answers it `temporarily_unavailable`
 * (503) instead of `server_error`, and the pages answer their 503 page.
 */
export function sqlRunner(pool: pg.Pool, prepared: boolean): Sql {
  return prepared
    ? (name, text, values) => pool.query({ name, text, values }).catch(asUnavailable)
    : (_name, text, values) => pool.query(text, values).catch(asUnavailable);
}

const runners = new WeakMap<pg.Pool, Sql>();

/** The runner of a database (one per pool). */
export function sqlFor(db: Pick<Database, "pool" | "embedded">): Sql {
  let run = runners.get(db.pool);
  if (!run) runners.set(db.pool, (run = sqlRunner(db.pool, !db.embedded)));
  return run;
}
