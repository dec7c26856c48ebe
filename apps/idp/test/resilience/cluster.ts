// A private PostgreSQL cluster for the fault tests: initdb + pg_ctl from the machine's PostgreSQL
// binaries, on a free loopback port, in a temporary directory. It can be restarted and stopped under
// load without touching the machine's shared server. initdb refuses to run as root (CI runs as
// root): then every command runs as the `postgres` user.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "../support/server.js";

const run = promisify(execFile);

export const PG_BIN = process.env.PG_BIN ?? findBin();

function findBin(): string {
  for (const v of ["15", "16", "17", "14"]) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (fs.existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  return "/usr/lib/postgresql/15/bin";
}

export const clusterAvailable = fs.existsSync(path.join(PG_BIN, "initdb"));

export interface Cluster {
  port: number;
  /** postgresql://postgres@127.0.0.1:port/postgres */
  url: string;
  /** The URL of another database on the cluster. */
  urlOf(database: string): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster (if running) and removes its directory. */
  destroy(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

async function sh(bin: string, args: string[]): Promise<string> {
  const file = path.join(PG_BIN, bin);
  const { stdout } = asRoot
    ? await run("su", ["postgres", "-s", "/bin/sh", "-c", [file, ...args].map(quote).join(" ")])
    : await run(file, args);
  return stdout;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export async function startCluster(settings: Record<string, string> = {}): Promise<Cluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conv-pg-"));
  if (asRoot) {
    fs.chmodSync(dir, 0o755);
    await run("chown", ["postgres", dir]);
  }
  const data = path.join(dir, "data");
  const port = await freePort();
  await sh("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]);
  // Small and quick: the suite measures behaviour, not throughput.
  const conf = {
    listen_addresses: "'127.0.0.1'",
    port: String(port),
    unix_socket_directories: `'${dir}'`,
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    shared_buffers: "32MB",
    max_connections: "60",
    ...settings,
  };
  fs.appendFileSync(
    path.join(data, "postgresql.conf"),
    Object.entries(conf)
      .map(([k, v]) => `${k} = ${v}\n`)
      .join(""),
  );
  const log = path.join(dir, "log");
  let running = false;
  const ctl = async (...args: string[]) => sh("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "30", ...args]);
  await ctl("start");
  running = true;
  const urlOf = (db: string) => `postgresql://postgres@127.0.0.1:${port}/${db}`;
  return {
    port,
    url: urlOf("postgres"),
    urlOf,
    async restart() {
      await ctl("restart", "-m", "fast");
      running = true;
    },
    async stop() {
      await ctl("stop", "-m", "fast");
      running = false;
    },
    async start() {
      await ctl("start");
      running = true;
    },
    async destroy() {
      try {
        if (running) await ctl("stop", "-m", "immediate");
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
