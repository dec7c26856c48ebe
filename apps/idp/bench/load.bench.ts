// pnpm bench:load — the production build under a fixed-rate mix for a few minutes, as a day's peak
// of 400 bodies would send it: whole password sign-ins, refreshes, client credentials (opaque tokens
// for an application, JWTs for the admin API), admin searches, a user created now and then. Open loop:
// each call starts at its time whatever the previous ones do (a slow server shows as latency and
// calls in flight, not as a lower rate), capped in flight. Reports errors, p50/p99 per call and the
// server's RSS over time; writes the "Load" section of BENCHMARKS.md. Loopback only; not run by CI.
//   BENCH_SECONDS=180  BENCH_RATES=login=1,refresh=5,cc=10,ccjwt=2,search=1,create=0.2 (calls per second)
//   BENCH_NODE_ARGS="--max-semi-space-size=4" (default: scripts/node-options.mjs; "none" for none)
//   BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres): a database
//   conv_bench_load_<pid> is copied from conv_bench_directory (pnpm bench:generate) when it exists,
//   else seeded with BENCH_USERS (20,000) generated users; it is dropped at the end.
import { spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { connect } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { seed, structureId } from "../src/db/seed.js";
import { generateDirectory } from "../src/db/generate.js";
import { DEMO_BIP_SECRET } from "../src/db/seed-data.js";
import { createSecretBox } from "../src/lib/secretbox.js";
import { basic, login, tokenCall } from "./flows.js";
import { machine, writeSection } from "./report.js";
import {
  AGENTS,
  BACKOFFICE_CLIENT,
  ROOT as root,
  cpuSeconds,
  freePort,
  memory,
  prepareAccounts,
  serverNodeArgs,
  spawnBuiltServer,
  stopProcess,
  waitReady,
} from "./setup.js";

const loadAtStart = os.loadavg();
const SECONDS = Number(process.env.BENCH_SECONDS ?? 180);
const WARMUP = 15;
const MAX_IN_FLIGHT = 64;
// A busy morning of 400 bodies (~8,000 agents): a sign-in per second, their applications refreshing
// and calling with client credentials, référents searching and creating accounts.
const RATES: Record<string, number> = { login: 1, refresh: 5, cc: 10, ccjwt: 2, search: 1, create: 0.2 };
for (const part of (process.env.BENCH_RATES ?? "").split(",").filter(Boolean)) {
  const [k, v] = part.split("=");
  if (!(k! in RATES) || !(Number(v) >= 0)) throw new Error(`BENCH_RATES : ${part}`);
  RATES[k!] = Number(v);
}
const nodeArgs = await serverNodeArgs();
const KEY_HEX = "01".repeat(32); // the generator's databases are sealed with Buffer.alloc(32, 1)
const PASSWORD = "Mot-de-passe-du-banc-de-charge-2026";
const TERMS = [
  "martin",
  "dur",
  "nguy",
  "da silva",
  "ber",
  "lefe",
  "camille",
  "sophie",
  "diallo",
  "rossi",
  "garc",
  "müller",
  "élodie",
  "jean-",
  "fern",
];

// ---- database: a copy of the generated directory, or a small generated one ----
const admin = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const NAME = `conv_bench_load_${process.pid}`;
const c = new pg.Client({ connectionString: admin });
await c.connect();
let copied = false;
if ((await c.query(`SELECT 1 FROM pg_database WHERE datname = 'conv_bench_directory'`)).rowCount) {
  try {
    await c.query(`CREATE DATABASE "${NAME}" TEMPLATE conv_bench_directory`);
    copied = true;
  } catch (e) {
    process.stderr.write(`copie de conv_bench_directory impossible (${(e as Error).message}) : annuaire généré\n`);
  }
}
if (!copied) await c.query(`CREATE DATABASE "${NAME}"`);
await c.end();
// A run that fails leaves no database behind (synchronously: the process is exiting).
let dropped = false;
process.on("exit", () => {
  if (dropped) return;
  spawnSync(
    process.execPath,
    [
      "-e",
      `const pg=require("pg");const c=new pg.Client(process.argv[1]);c.connect().then(()=>c.query('DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)')).then(()=>c.end(),()=>c.end())`,
      admin,
    ],
    { cwd: path.join(root, "apps/idp"), stdio: "ignore", timeout: 30_000 },
  );
});
const dbUrl = new URL(admin);
dbUrl.pathname = "/" + NAME;
const db = connect(dbUrl.toString(), 4);
await migrate(db.pool);
const box = createSecretBox(Buffer.from(KEY_HEX, "hex"));
if (!copied) {
  await seed(db.prisma, { publicUrl: "http://localhost:3000", demoRpUrl: "http://localhost:3001", box });
  await generateDirectory(db.pool, { users: Number(process.env.BENCH_USERS ?? 20_000) });
  await db.pool.query("ANALYZE");
}
const users = Number((await db.pool.query(`SELECT count(*) AS n FROM "User"`)).rows[0].n);
const { backofficeSecret } = await prepareAccounts(db, box, PASSWORD);
// The login's redirect URI: the seeded one (the flow reads the code from the redirect, never follows it).
const redirectUri = (await db.prisma.application.findUniqueOrThrow({ where: { clientId: "bip" } })).redirectUris[0]!;
await db.close();

// ---- the server: the production build, run by plain node as pnpm start and the image run it ----
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "conv-bench-load-"));
const server: ChildProcess = await spawnBuiltServer(
  {
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    DATABASE_URL: dbUrl.toString(),
    SECRET_KEY: KEY_HEX,
    SEED: "never",
    LOG_LEVEL: "info",
    DEMO_RP_URL: "http://127.0.0.1:9",
  },
  nodeArgs,
);
const pid = server.pid!;
// Whatever happens from here (an error included), the server does not outlive the bench.
process.on("exit", () => server.kill("SIGTERM"));
await waitReady(`${url}/readyz`, server);
const rssAtStart = memory(pid).rss;

// ---- the calls ----
const client = { password: PASSWORD, clientId: "bip", clientSecret: DEMO_BIP_SECRET };
const bipAuth = basic("bip", DEMO_BIP_SECRET);
const boAuth = basic(BACKOFFICE_CLIENT, backofficeSecret);
let apiToken = (await tokenCall(url, boAuth, { grant_type: "client_credentials", scope: "aia:admin", resource: `${url}/api/v1` }))
  .access_token!;
// Refresh chains: each refresh takes an idle chain and puts back the rotated token.
const idleChains: string[] = [];
for (let i = 0; i < Math.max(8, Math.ceil(RATES.refresh! * 4)); i++)
  idleChains.push((await login(url, url, redirectUri, AGENTS[i % AGENTS.length]!, client)).refresh_token!);
let created = 0;
const nanterre = structureId("92-nanterre-dg");

async function api(method: string, p: string, body?: unknown) {
  const res = await fetch(`${url}/api/v1${p}`, {
    method,
    headers: { authorization: `Bearer ${apiToken}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${p.split("?")[0]} : ${res.status} ${text.slice(0, 160)}`);
}

const CALLS: Record<string, { label: string; run: (i: number) => Promise<void> }> = {
  login: {
    label: "whole password sign-in (authorize → form → code → token)",
    run: async (i) => void (await login(url, url, redirectUri, AGENTS[i % AGENTS.length]!, client)),
  },
  refresh: {
    label: "refresh grant (rotation)",
    run: async () => {
      const token = idleChains.pop();
      if (!token) throw new Skipped();
      try {
        idleChains.push((await tokenCall(url, bipAuth, { grant_type: "refresh_token", refresh_token: token })).refresh_token!);
      } catch (e) {
        idleChains.push(token);
        throw e;
      }
    },
  },
  cc: {
    label: "client credentials (opaque, an application)",
    run: async () => void (await tokenCall(url, bipAuth, { grant_type: "client_credentials" })),
  },
  ccjwt: {
    label: "client credentials (JWT for the admin API)",
    run: async () => {
      apiToken = (await tokenCall(url, boAuth, { grant_type: "client_credentials", scope: "aia:admin", resource: `${url}/api/v1` }))
        .access_token!;
    },
  },
  search: {
    label: `admin search over ${users.toLocaleString("en")} users (CIG level)`,
    run: (i) => api("GET", `/users?q=${encodeURIComponent(TERMS[i % TERMS.length]!)}`),
  },
  create: {
    label: "user creation (admin API)",
    run: (i) =>
      api("POST", "/users", {
        email: `agent.charge.${process.pid}.${i}@bench.example.fr`,
        lastName: "CHARGE",
        firstName: `Agent ${++created}`,
        structureId: nanterre,
      }),
  },
};

/** A call that could not start (no idle refresh chain): counted as skipped, like one over the in-flight cap. */
class Skipped extends Error {}

interface Stats {
  ms: number[];
  errors: number;
  firstError?: string;
  skipped: number;
  inFlight: number;
}
const stats: Record<string, Stats> = Object.fromEntries(Object.keys(CALLS).map((k) => [k, { ms: [], errors: 0, skipped: 0, inFlight: 0 }]));
let measuring = false;

async function fire(kind: string, i: number) {
  const s = stats[kind]!;
  if (s.inFlight >= MAX_IN_FLIGHT) {
    if (measuring) s.skipped++;
    return;
  }
  s.inFlight++;
  const t = performance.now();
  const counted = measuring;
  try {
    await CALLS[kind]!.run(i);
    if (counted && measuring) s.ms.push(performance.now() - t);
  } catch (e) {
    if (e instanceof Skipped) {
      if (counted) s.skipped++;
    } else if (counted) {
      s.errors++;
      s.firstError ??= (e as Error).message;
    }
  } finally {
    s.inFlight--;
  }
}

/** Fires `kind` at its fixed rate until `until` (ms since epoch), on schedule, not after the previous call. */
async function schedule(kind: string, until: number) {
  const rate = RATES[kind]!;
  if (!rate) return;
  const interval = 1000 / rate;
  const start = Date.now() + Math.random() * interval;
  for (let i = 0; ; i++) {
    const at = start + i * interval;
    if (at >= until) return;
    const wait = at - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    void fire(kind, i);
  }
}

const samples: { t: number; rss: number; load: number }[] = [];
process.stdout.write(
  `Serveur ${url} (${users.toLocaleString("fr-FR")} utilisateurs, node ${nodeArgs.join(" ") || "sans option"}) : ${WARMUP} s d'échauffement puis ${SECONDS} s de charge…\n`,
);
const t0 = Date.now();
const end = t0 + (WARMUP + SECONDS) * 1000;
setTimeout(() => (measuring = true), WARMUP * 1000);
let cpu0 = 0;
setTimeout(() => (cpu0 = cpuSeconds(pid)), WARMUP * 1000);
const sampler = setInterval(() => {
  samples.push({ t: (Date.now() - t0) / 1000, rss: memory(pid).rss, load: os.loadavg()[0]! });
}, 5000);
await Promise.all(Object.keys(CALLS).map((k) => schedule(k, end)));
const cpu = cpuSeconds(pid) - cpu0;
measuring = false;
// Let the calls in flight finish (bounded).
for (let i = 0; i < 100 && Object.values(stats).some((s) => s.inFlight > 0); i++) await new Promise((r) => setTimeout(r, 100));
clearInterval(sampler);
const mem = memory(pid);
const loadAtEnd = os.loadavg();

await stopProcess(server);
fs.rmSync(dataDir, { recursive: true, force: true });
const d = new pg.Client({ connectionString: admin });
await d.connect();
await d.query(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
await d.end();
dropped = true;

// ---- report ----
const q = (ms: number[], p: number) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : NaN;
};
const f0 = (n: number) => (Number.isNaN(n) ? "—" : n.toFixed(0));
const f1 = (n: number) => (Number.isNaN(n) ? "—" : n.toFixed(1));
const rows = Object.entries(CALLS)
  .filter(([k]) => RATES[k])
  .map(([k, call]) => {
    const s = stats[k]!;
    const done = s.ms.length;
    return `| ${call.label} | ${RATES[k]}/s | ${done.toLocaleString("en")} | ${s.errors}${s.firstError ? ` (${s.firstError.replaceAll("|", "/")})` : ""} | ${s.skipped} | ${f1(q(s.ms, 0.5))} ms | ${f1(q(s.ms, 0.99))} ms |`;
  });
const measured = samples.filter((s) => s.t >= WARMUP);
const rssLine = measured
  .filter((_, i) => i % 3 === 0)
  .map((s) => `${f0(s.t - WARMUP)} s: ${f0(s.rss)}`)
  .join(" · ");
const totalErrors = Object.values(stats).reduce((n, s) => n + s.errors, 0);
const la = (l: number[]) => l.map((x) => x.toFixed(1)).join(" / ");
for (const r of rows) process.stdout.write(r + "\n");
process.stdout.write(
  `RSS ${f0(rssAtStart)} MB au départ, ${f0(Math.max(...measured.map((s) => s.rss)))} MB au plus haut des échantillons, pic ${f0(mem.peak)} MB ; CPU ${(cpu / SECONDS).toFixed(2)} vCPU ; charge ${la(loadAtStart)} → ${la(loadAtEnd)}\n`,
);

if (process.env.BENCH_WRITE !== "0") {
  writeSection(
    "load",
    `## Load: the production build under a fixed-rate mix

\`pnpm bench:load\` (apps/idp/bench/load.bench.ts): the server from its production build (\`node ${nodeArgs.join(" ")} apps/idp/dist/main.js\`,
\`NODE_ENV=production\`, one JSON log line per request, pool of 10 connections) on PostgreSQL (127.0.0.1) holding
${users.toLocaleString("en")} users (${copied ? "a copy of the generator's realistic directory" : "generated for this run"}). This process sends a fixed-rate mix on loopback for
${SECONDS} s after ${WARMUP} s of warm-up: each call starts at its scheduled time whatever the previous ones do (open loop; at
most ${MAX_IN_FLIGHT} in flight per kind, beyond which a call is skipped and counted), latencies measured from its start to
its last byte. Sign-ins are whole browser flows (5 HTTP exchanges, one argon2id verification); the admin
searches use the JWT from the client-credentials calls. Machine: ${machine()}. Load average (1/5/15 min):
${la(loadAtStart)} at the start, ${la(loadAtEnd)} at the end — the figures include waiting for a CPU shared with other work. Date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.

| call | rate | done | errors | skipped | p50 | p99 |
|---|---|---|---|---|---|---|
${rows.join("\n")}

${totalErrors ? `**${totalErrors} errors** (first of each kind in the table).` : "No error."} Server CPU: ${(cpu / SECONDS).toFixed(2)} vCPU on average. Server RSS: ${f0(rssAtStart)} MB ready and idle,
${f0(Math.min(...measured.map((s) => s.rss)))}–${f0(Math.max(...measured.map((s) => s.rss)))} MB under load (sampled every 5 s), peak ${f0(mem.peak)} MB (VmHWM), ${f0(mem.rss)} MB at the end.
RSS over time (MB): ${rssLine}.
`,
  );
  console.log("BENCHMARKS.md : section Load écrite");
}
