// The data-access layer starts here. Prisma writes and reads the tables wherever a request is rare or
// a write needs its types, relations and transactions. The hot paths go raw — sign-in, the token
// endpoint and userinfo, and the API's reads of the actor, a placement, a page of users, a card and
// the structure tree — through this one runner, over the same pg pool as Prisma's adapter
// (database.ts). Measured reason: through Prisma's $queryRawUnsafe the same point query cost 2.4×
// as much (8.5 ms vs 3.6 ms on the loaded benchmark machine), findAccount's four Prisma queries were
// most of the CPU of a grant, and a statement prepared once per connection halves the CPU of a
// query on both sides (BENCHMARKS.md, "OIDC"). The statements of each table live in queries/<table>.ts.
//
// A named statement is prepared once per connection on PostgreSQL: the server skips parsing and
// planning, and the driver sends less. The embedded database (PGlite behind one socket) shares a
// single session between all the pool's connections, where a name prepared by one connection would
// clash with the next: there, statements stay unnamed. A null name is a statement whose text is
// built per call (a search), never prepared.
import type pg from "pg";
import { asUnavailable } from "./unavailable.js";

export interface Rows<R> {
  rows: R[];
  rowCount: number | null;
}

/** A row as pg gives it; call sites name theirs (`sql<{ id: string }>(…)`). */
export type Row = pg.QueryResultRow;

/**
 * Runs one statement. A lost database surfaces as DatabaseUnavailable: oidc-provider answers it
 * `temporarily_unavailable` (503) instead of `server_error`, the API and the pages their 503.
 */
export type Sql = <R extends Row = Row>(name: string | null, text: string, values?: unknown[]) => Promise<Rows<R>>;

/** The runner of a pool (database.ts makes one per database: `Database.sql`). */
export function poolRunner(pool: pg.Pool, prepared: boolean): Sql {
  return <R extends Row>(name: string | null, text: string, values: unknown[] = []) =>
    pool.query<R>(prepared && name ? { name, text, values } : { text, values }).catch(asUnavailable);
}

/** The same statements inside a Prisma transaction (they must see its writes and hold its connection). */
export function inTransaction(tx: { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> }): Sql {
  return async <R extends Row>(_name: string | null, text: string, values: unknown[] = []) => {
    const rows = await tx.$queryRawUnsafe<R[]>(text, ...values);
    return { rows, rowCount: rows.length };
  };
}

/** The rows of a statement whose text is built per call (never prepared). */
export async function rowsOf<R extends Row>(sql: Sql, text: string, values: unknown[] = []): Promise<R[]> {
  return (await sql<R>(null, text, values)).rows;
}
