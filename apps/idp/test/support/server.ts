// A running server on a fresh database, seeded, on a free loopback port, for black-box tests.
import net from "node:net";
import os from "node:os";
import fs from "node:fs";
import path from "node:path";
import { loadConfig, type Config } from "../../src/config.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { createLogger } from "../../src/lib/log.js";
import { createTestDatabase } from "./database.js";
import type { Database } from "../../src/db/database.js";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface TestServer extends RunningServer {
  /** Stops the server and drops its database. */
  stop(): Promise<void>;
}

/** `env`: extra configuration (as environment variables). `db`: share a database (two instances). */
export async function startTestServer(env: Record<string, string> = {}, shared?: { db?: Database; dataDir?: string }): Promise<TestServer> {
  const port = await freePort();
  const dataDir = shared?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "conv-test-"));
  const config: Config = loadConfig({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    SECRET_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    NODE_ENV: "test",
    ...env,
  });
  const db = shared?.db ?? (await createTestDatabase({ migrate: false }));
  const running = await startServer(config, { db, logger: createLogger("silent") });
  return {
    ...running,
    async stop() {
      await running.close();
      if (!shared?.db) await db.close();
      if (!shared?.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
