// Database selection, in one place: no DATABASE_URL → embedded PostgreSQL (PGlite) persisted under
// DATA_DIR/pglite; DATABASE_URL set → that server. Everything past this file sees a postgres URL,
// one pg pool, the Prisma client over that same pool and the raw runner (sql.ts), and never knows which
// one it is.
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";
import { startEmbeddedDatabase } from "./embedded.js";
import { poolRunner, type Sql } from "./sql.js";

export type Prisma = PrismaClient;

/**
 * adapter-pg 6.19 leaks a pool connection when it breaks inside an interactive transaction (a
 * database restart): Prisma's engine then neither commits nor rolls back, so the connection is
 * never released, and after a few outages the pool has none left (every request waits, then 503,
 * for ever). Here a transaction's connection goes back to the pool — as broken, so that the pool
 * drops it — as soon as it ends or fails; the engine's own later release is then a no-op.
 */
class ReleasingPrismaPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const tx = await start(isolationLevel);
      const conn = (tx as unknown as { client: pg.PoolClient }).client;
      const release = conn.release.bind(conn);
      let released = false;
      const releaseOnce = (err?: Error | boolean) => {
        if (released) return;
        released = true;
        conn.removeListener("error", onBroken);
        conn.removeListener("end", onEnded);
        release(err);
      };
      const onBroken = (err: Error) => releaseOnce(err);
      const onEnded = () => releaseOnce(new Error("connexion fermée"));
      conn.on("error", onBroken);
      conn.on("end", onEnded);
      conn.release = releaseOnce as pg.PoolClient["release"];
      return tx;
    };
    return adapter;
  }
}

export interface Database {
  url: string;
  embedded: boolean;
  prisma: PrismaClient;
  /** The one pool of the database: Prisma's adapter and `sql` both take their connections from it. */
  pool: pg.Pool;
  /** The raw runner (sql.ts): the hot paths' statements. */
  sql: Sql;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  DATABASE_URL?: string;
  DATA_DIR: string;
  DATABASE_POOL_SIZE?: number;
  /** Embedded mode only: keep the data in memory (tests). */
  inMemory?: boolean;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const poolSize = options.DATABASE_POOL_SIZE ?? 10;
  let url = options.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const embedded = await startEmbeddedDatabase(options.inMemory ? undefined : path.join(options.DATA_DIR, "pglite"), poolSize + 4);
    url = embedded.url;
    stopEmbedded = embedded.close;
  }
  return connect(url, poolSize, !!stopEmbedded, stopEmbedded);
}

/** Longest wait for a connection (opening one, or a free one from the pool). */
const CONNECT_TIMEOUT_MS = 10_000;

export function connect(url: string, poolSize = 10, embedded = false, onClose?: () => Promise<void>): Database {
  // A connection that cannot be opened, or a request that waits too long for a free one, fails
  // (→ 503) instead of waiting for ever; pg drops a connection that broke (server restart) and opens
  // a new one on the next query, so service comes back with the database.
  // Sessions in UTC whatever the server's or database's TimeZone: adapter-pg 6.19 sends a Date as a
  // text timestamp without offset, which PostgreSQL reads in the session's zone (in Europe/Paris a
  // validity day written as 2026-06-10T00:00Z was stored as 2026-06-09T22:00Z). The columns are
  // timestamptz, so comparisons with now() hold in any zone; only this write path needed it.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    options: "-c TimeZone=UTC",
  });
  pool.on("error", () => {}); // an idle client lost: the pool replaces it, queries report their own errors
  const prisma = new PrismaClient({ adapter: new ReleasingPrismaPg(pool) });
  return {
    url,
    embedded,
    prisma,
    pool,
    sql: poolRunner(pool, !embedded),
    async close() {
      await prisma.$disconnect(); // leaves the pool open (an external pool): ended just below
      await pool.end();
      await onClose?.();
    },
  };
}
