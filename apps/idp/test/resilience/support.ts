// What the fault tests share: the server as a real child process (node --import tsx src/main.ts,
// as `pnpm start` runs it) that can be killed with any signal, a database on the private cluster,
// and a bounded load that records every answer with its time.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { connect, type Database } from "../../src/db/database.js";
import { freePort } from "../support/server.js";
import type { Cluster } from "./cluster.js";

const idpRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SECRET_KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A new database on the cluster, and a connection to it for the test's own checks. */
export async function createDatabase(cluster: Cluster, name: string): Promise<{ url: string; db: Database }> {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = cluster.urlOf(name);
  return { url, db: connect(url, 3) };
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr (JSON log lines). */
  output(): string;
  /** Resolves with the exit code/signal when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Still running? A crash ends it. */
  alive(): boolean;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ServerOptions {
  databaseUrl: string;
  port?: number;
  /** The issuer, when several instances stand behind one address. */
  publicUrl?: string;
  dataDir?: string;
  env?: Record<string, string>;
}

export async function startServerProcess(o: ServerOptions): Promise<ServerProcess> {
  const port = o.port ?? (await freePort());
  const dataDir = o.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "conv-res-"));
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: idpRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? os.tmpdir(),
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: o.publicUrl ?? `http://127.0.0.1:${port}`,
      DATABASE_URL: o.databaseUrl,
      DATA_DIR: dataDir,
      SECRET_KEY,
      LOG_LEVEL: "warn",
      NODE_ENV: "test",
      // The demo directory (its people and structures), as the other suites have.
      SEED: "demo",
      ...o.env,
    },
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  // Generous: a loaded machine takes its time to compile and seed.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (!running) throw new Error(`le serveur s'est arrêté au démarrage :\n${out.slice(-2000)}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`le serveur ne répond pas :\n${out.slice(-2000)}`);
    }
    await sleep(100);
  }
  return {
    url,
    port,
    child,
    output: () => out,
    exited,
    alive: () => running,
    async kill(signal = "SIGTERM") {
      if (!running) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface Outcome {
  /** ms since the load started, when the request left */
  at: number;
  /** ms since the load started, when its answer (or its failure) came */
  end: number;
  status: number;
  /** what was answered, in short (problem code, OAuth error) */
  what?: string;
  retryAfter?: string | null;
}

/**
 * `workers` loops, each sending one request after the other (so at most `workers` requests in
 * flight), with a pause between two, until stop().
 */
export function boundedLoad(workers: number, pauseMs: number, request: (i: number) => Promise<Omit<Outcome, "at" | "end">>) {
  const start = Date.now();
  const outcomes: Outcome[] = [];
  let stopping = false;
  let n = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (!stopping) {
      const i = n++;
      const t = Date.now() - start;
      try {
        const o = await request(i);
        outcomes.push({ ...o, at: t, end: Date.now() - start });
      } catch (e) {
        // The connection itself failed (reset, refused): the process is gone or did not answer.
        outcomes.push({ at: t, end: Date.now() - start, status: 0, what: String((e as Error).cause ?? e) });
      }
      await sleep(pauseMs);
    }
  });
  return {
    outcomes,
    elapsed: () => Date.now() - start,
    async stop() {
      stopping = true;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

/** Statuses seen, e.g. { 200: 120, 503: 14 }. */
export function tally(outcomes: Outcome[]): Record<number, number> {
  const t: Record<number, number> = {};
  for (const o of outcomes) t[o.status] = (t[o.status] ?? 0) + 1;
  return t;
}

/** A back-office client (client credentials, aia:admin) and its access token for the admin API. */
export async function adminApiToken(serverUrl: string, client: { clientId: string; secret?: string }): Promise<string> {
  const res = await fetch(`${serverUrl}/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: "aia:admin", resource: `${serverUrl}/api/v1` }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!res.ok || !body.access_token) throw new Error(`pas de jeton (${res.status}) : ${JSON.stringify(body)}`);
  return body.access_token;
}

/** POST /users: the status answered. */
export async function createUser(serverUrl: string, token: string, email: string, structureId: string): Promise<number> {
  const res = await fetch(`${serverUrl}/api/v1/users`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ email, lastName: "ESSAI", firstName: "Panne", structureId }),
  });
  await res.body?.cancel();
  return res.status;
}

/** Polls `probe` until it gives a value, or fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false | null>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`délai dépassé : ${what}`);
    await sleep(100);
  }
}
