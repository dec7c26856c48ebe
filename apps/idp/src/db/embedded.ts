// The embedded PostgreSQL (PGlite), served on a loopback port so that the server reaches it through
// the same driver (pg) and code path as a real PostgreSQL server.
import fs from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedDatabase {
  url: string;
  close(): Promise<void>;
}

/** `dir` undefined → in memory (tests). Once pg_trgm exists in a data directory it must be loaded on every open. */
export async function startEmbeddedDatabase(dir: string | undefined, maxConnections = 20): Promise<EmbeddedDatabase> {
  if (dir) fs.mkdirSync(dir, { recursive: true });
  // Loaded only here: a server on PostgreSQL never loads PGlite (~12 MB of RSS).
  const [{ PGlite }, { pg_trgm }, { PGLiteSocketServer }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("@electric-sql/pglite-socket"),
  ]);
  const db = await PGlite.create(dir ?? "memory://", { extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections });
  keepExtendedQueriesTogether(server, db);
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

/** Frontend message types of the extended query protocol, up to the Sync that ends a sequence. */
const EXTENDED = new Set(["P", "B", "D", "E", "C", "H", "F"].map((c) => c.charCodeAt(0)));
const SYNC = "S".charCodeAt(0);
const QUERY = "Q".charCodeAt(0);

interface QueueItem {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(e: unknown): void;
  onData(data: Uint8Array): void;
}

/**
 * pglite-socket 0.2.17 queues each protocol message on its own, so when a large message arrives in
 * several TCP chunks, another connection's Parse can slip between one connection's Parse and Bind on
 * the single PGlite backend ("bind message supplies 2 parameters, but prepared statement "" requires
 * 1"). Its queue already keeps a connection's turn during a transaction; this keeps it as well from
 * the first extended-protocol message until its Sync. (Test: test/foundation/embedded-queue.test.ts.)
 */
function keepExtendedQueriesTogether(server: PGLiteSocketServer, db: PGlite) {
  const queue = (server as unknown as { queryQueue: any }).queryQueue;
  if (!queue || typeof queue.processQueue !== "function" || !Array.isArray(queue.queue)) {
    throw new Error("pglite-socket a changé : revoir keepExtendedQueriesTogether (db/embedded.ts)");
  }
  let midSequence = false;
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    if (queue.lastHandlerId === handlerId) midSequence = false;
    return clear(handlerId);
  };
  queue.processQueue = async function processQueue(this: any) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        let item: QueueItem | undefined;
        if ((midSequence || db.isInTransaction()) && this.lastHandlerId) {
          const i = this.queue.findIndex((q: QueueItem) => q.handlerId === this.lastHandlerId);
          // The connection whose turn it is has not sent its next message yet: wait for it.
          if (i === -1) break;
          item = this.queue.splice(i, 1)[0];
        } else {
          item = this.queue.shift();
        }
        if (!item) break;
        const type = item.message[0]!;
        let bytes = 0;
        try {
          await db.runExclusive(() =>
            db.execProtocolRawStream(item!.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item!.onData(data);
              },
            }),
          );
        } catch (e) {
          midSequence = false;
          this.lastHandlerId = item.handlerId;
          item.reject(e);
          continue;
        }
        if (EXTENDED.has(type)) midSequence = true;
        else if (type === SYNC || type === QUERY) midSequence = false;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
}
