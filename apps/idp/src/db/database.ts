// Database selection, in one place: no DATABASE_URL → embedded PostgreSQL (PGlite) persisted under
// DATA_DIR/pglite; DATABASE_URL set → that server. Everything past this file sees a postgres URL,
// a pg pool and a Prisma client, and never knows which one it is.
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";
import { startEmbeddedDatabase } from "./embedded.js";

export type Prisma = PrismaClient;

export interface Database {
  url: string;
  embedded: boolean;
  prisma: PrismaClient;
  pool: pg.Pool;
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
    const embedded = await startEmbeddedDatabase(
      options.inMemory ? undefined : path.join(options.DATA_DIR, "pglite"),
      poolSize * 2 + 4,
    );
    url = embedded.url;
    stopEmbedded = embedded.close;
  }
  return connect(url, poolSize, !!stopEmbedded, stopEmbedded);
}

export function connect(url: string, poolSize = 10, embedded = false, onClose?: () => Promise<void>): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on("error", () => {}); // an idle client lost: the pool replaces it, queries report their own errors
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
  return {
    url,
    embedded,
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
      await onClose?.();
    },
  };
}
