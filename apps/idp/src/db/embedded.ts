// The embedded PostgreSQL (PGlite), served on a loopback port so that the server reaches it through
// the same driver (pg) and code path as a real PostgreSQL server.
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedDatabase {
  url: string;
  close(): Promise<void>;
}

/** `dir` undefined → in memory (tests). Once pg_trgm exists in a data directory it must be loaded on every open. */
export async function startEmbeddedDatabase(dir: string | undefined, maxConnections = 20): Promise<EmbeddedDatabase> {
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir ?? "memory://", { extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections });
  await server.start();
  const [, port] = server.getServerConn().split(":");
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
