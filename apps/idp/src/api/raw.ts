// The hot statements of the API (actor, placement, pages, card, structure tree) go straight to the pg
// pool: through Prisma's $queryRawUnsafe the same statement cost 2.4× as much (8.5 ms vs 3.6 ms per
// point query on the loaded benchmark machine). Timestamps without time zone are read as UTC, as
// Prisma reads them.
import pg from "pg";
import type { RawDb } from "./structure-tree.js";

const TIMESTAMP = 1114;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP
      ? (v: string) => new Date(v.replace(" ", "T") + "Z")
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

const direct = new WeakMap<object, RawDb>();

/** Called once by the API with the application's Prisma client and the pg pool of the same database. */
export function registerPool(prisma: object, pool: pg.Pool): void {
  direct.set(prisma, {
    async $queryRawUnsafe<T>(sql: string, ...values: unknown[]): Promise<T> {
      return (await pool.query({ text: sql, values, types })).rows as T;
    },
  });
}

/** The pool-backed reader for this Prisma client, or the client itself (a transaction, a script). */
export function raw(db: object): RawDb {
  return direct.get(db) ?? (db as RawDb);
}
