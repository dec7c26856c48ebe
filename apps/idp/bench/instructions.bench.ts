// pnpm bench:instructions — what a call costs in CPU instructions, counted by valgrind (callgrind),
// which does not depend on what else runs on the machine (CPU time per call does: on a shared
// machine it grows with the load, through cache misses and preemption). The production build and the
// bare oidc-provider each run under callgrind; for each call, after a warm-up (the JIT compiles the
// hot paths), the counters are zeroed, N calls are sent one after the other, the counters are dumped:
// instructions per call, user space of the server process, all its threads (JavaScript, the pg
// driver, OpenSSL, argon2id). What the kernel does for it (TCP, the database) is not counted.
// One argon2id hash is counted the same way in a process of its own. Prints a table (no file written).
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/conv_bench_i pnpm bench:instructions   (a fresh database)
//   BENCH_CALLS=200 (per call kind), BENCH_ONLY=cc,ccjwt,refresh,login
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { connect } from "../src/db/database.js";
import { createSecretBox } from "../src/lib/secretbox.js";
import { DEMO_BIP_SECRET } from "../src/db/seed-data.js";
import { basic, login, tokenCall } from "./flows.js";
import {
  AGENTS,
  BACKOFFICE_CLIENT,
  ROOT,
  freePort,
  prepareAccounts,
  serverNodeArgs,
  spawnBuiltServer,
  stopProcess,
  waitReady,
} from "./setup.js";

const N = Number(process.env.BENCH_CALLS ?? 200);
const WARM = Math.max(50, Math.round(N / 2));
const only = new Set((process.env.BENCH_ONLY ?? "").split(",").filter(Boolean));
const runs = (k: string) => !only.size || only.has(k);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL : une base PostgreSQL neuve pour ce banc d'essai");
const PASSWORD = "Mot-de-passe-du-banc-d-essai-2026";
const SECRET_KEY = crypto.randomBytes(32).toString("hex");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "conv-callgrind-"));

function underCallgrind(name: string, args: string[], env: Record<string, string>, stdout: "pipe" | "ignore"): ChildProcess {
  return spawn(
    "valgrind",
    ["--tool=callgrind", "--quiet", `--callgrind-out-file=${path.join(out, `${name}.%p`)}`, process.execPath, ...args],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", stdout, "inherit"] },
  );
}

/**
 * Zeroes (-z) or dumps (-d) the counters of a process under callgrind. Callgrind takes the command
 * when the process runs code: an idle server is woken by bare TCP connections (accepted and closed,
 * a few thousand instructions) until the command is done.
 */
/** The pid callgrind runs under (its output file's name): `valgrind` may be a wrapper of its own pid. */
function callgrindPid(name: string): number {
  const base = fs.readdirSync(out).find((f) => new RegExp(`^${name}\\.\\d+$`).test(f));
  if (!base) throw new Error(`callgrind n'a pas démarré pour ${name}`);
  return Number(base.slice(name.length + 1));
}

async function control(pid: number, port: number, flag: "-z" | "-d") {
  const child = spawn("callgrind_control", [flag, String(pid)], { stdio: ["ignore", "pipe", "inherit"] });
  let said = "";
  child.stdout!.on("data", (d) => (said += d));
  const done = new Promise<number | null>((resolve) => child.once("exit", resolve));
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) {
    await new Promise<void>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => s.end());
      s.once("close", () => resolve());
      s.once("error", () => resolve());
    });
    await Promise.race([done, new Promise((r) => setTimeout(r, 300))]);
  }
  if ((await done) !== 0 || !said.includes("OK")) throw new Error(`callgrind_control ${flag} ${pid} a échoué : ${said}`);
}

/** Instructions of `count` calls of `op`, after `warm` calls not counted. */
async function count(
  pid: number,
  port: number,
  name: string,
  op: (i: number) => Promise<unknown>,
  calls = N,
  warm = WARM,
): Promise<number> {
  for (let i = 0; i < warm; i++) await op(i);
  await control(pid, port, "-z");
  for (let i = 0; i < calls; i++) await op(warm + i);
  const before = new Set(fs.readdirSync(out));
  await control(pid, port, "-d");
  let dump: string | undefined;
  for (let i = 0; i < 100 && !dump; i++) {
    dump = fs.readdirSync(out).find((f) => !before.has(f) && f.startsWith(`${name}.${pid}.`));
    if (!dump) await new Promise((r) => setTimeout(r, 200));
  }
  if (!dump) throw new Error(`pas de fichier de callgrind pour ${name}`);
  const text = fs.readFileSync(path.join(out, dump), "utf8");
  const total = /^(?:summary|totals): (\d+)/m.exec(text)?.[1];
  if (!total) throw new Error(`totaux absents de ${dump}`);
  return Number(total) / calls;
}

const results: { label: string; ours?: number; bare?: number }[] = [];
let server: ChildProcess | undefined;
let bare: ChildProcess | undefined;
try {
  // ---- ours: the production build ----
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "conv-bench-i-"));
  const env = {
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    SECRET_KEY,
    LOG_LEVEL: "info",
    NODE_ENV: "development",
    SEED: "demo",
    DEMO_RP_URL: "http://127.0.0.1:9",
    DATABASE_URL: databaseUrl,
  };
  const nodeArgs = await serverNodeArgs();
  // A first start at full speed migrates, seeds and makes the signing keys (under callgrind, the
  // keys' transaction would outlast its timeout); the counted server then finds them.
  const first = await spawnBuiltServer(env, nodeArgs);
  await waitReady(`${url}/readyz`, first);
  await stopProcess(first);
  process.stdout.write(`Serveur sous callgrind sur ${url} (démarrage lent)…\n`);
  server = underCallgrind(
    "ours",
    [...nodeArgs, "--import", path.join(ROOT, "apps/idp/dist/lib-runtime-notice.js"), path.join(ROOT, "apps/idp/dist/main.js")],
    env,
    "ignore",
  );
  await waitReady(`${url}/readyz`, server, 2400);
  const db = connect(databaseUrl, 2);
  const { backofficeSecret } = await prepareAccounts(db, createSecretBox(Buffer.from(SECRET_KEY, "hex")), PASSWORD);
  await db.close();
  const pid = callgrindPid("ours");
  const bip = basic("bip", DEMO_BIP_SECRET);
  const bo = basic(BACKOFFICE_CLIENT, backofficeSecret);
  const redirectUri = "http://127.0.0.1:9/callback";
  const signIn = (i: number) =>
    login(url, url, redirectUri, AGENTS[i % AGENTS.length]!, { password: PASSWORD, clientId: "bip", clientSecret: DEMO_BIP_SECRET });

  // ---- the bare provider (in-memory), under callgrind too ----
  bare = underCallgrind(
    "bare",
    ["--import", "tsx", "apps/idp/bench/bare-provider.ts"],
    { PORT: String(await freePort()), CHAINS: "1" },
    "pipe",
  );
  const ready = await new Promise<{ port: number; refreshTokens: string[] }>((resolve, reject) => {
    let buf = "";
    bare!.stdout!.on("data", (d) => {
      buf += d;
      const line = buf.split("\n").find((l) => l.startsWith("{") && l.endsWith("}"));
      if (line) resolve(JSON.parse(line));
    });
    bare!.once("exit", () => reject(new Error("oidc-provider nu arrêté")));
  });
  const bareUrl = `http://127.0.0.1:${ready.port}`;
  const bareAuth = basic("bench", "bench-secret");
  let bareChain = ready.refreshTokens[0]!;

  if (runs("cc")) {
    process.stdout.write("client credentials…\n");
    results.push({
      label: "client credentials (opaque, stored)",
      ours: await count(pid, port, "ours", () => tokenCall(url, bip, { grant_type: "client_credentials" })),
      bare: await count(callgrindPid("bare"), ready.port, "bare", () => tokenCall(bareUrl, bareAuth, { grant_type: "client_credentials" })),
    });
  }
  if (runs("ccjwt")) {
    process.stdout.write("client credentials, JWT…\n");
    results.push({
      label: "client credentials (JWT for /api/v1)",
      ours: await count(pid, port, "ours", () =>
        tokenCall(url, bo, { grant_type: "client_credentials", scope: "aia:admin", resource: `${url}/api/v1` }),
      ),
    });
  }
  if (runs("refresh")) {
    process.stdout.write("rafraîchissements…\n");
    let chain = (await signIn(0)).refresh_token!;
    results.push({
      label: "refresh (rotation, ID token)",
      ours: await count(pid, port, "ours", async () => {
        chain = (await tokenCall(url, bip, { grant_type: "refresh_token", refresh_token: chain })).refresh_token!;
      }),
      bare: await count(callgrindPid("bare"), ready.port, "bare", async () => {
        bareChain = (await tokenCall(bareUrl, bareAuth, { grant_type: "refresh_token", refresh_token: bareChain })).refresh_token!;
      }),
    });
  }
  let hash: number | undefined;
  if (runs("login")) {
    process.stdout.write("connexions…\n");
    const calls = Math.max(10, Math.round(N / 10));
    results.push({
      label: "whole password login",
      ours: await count(pid, port, "ours", signIn, calls, Math.max(10, Math.round(calls / 2))),
    });
    // One argon2id hash (the login verifies one): two processes that differ by 5 hashes, counted whole.
    const hashes = async (n: number) => {
      const h = underCallgrind(
        "hash",
        [
          "--import",
          "tsx",
          "--input-type=module",
          "-e",
          `import { hashPassword } from "./apps/idp/src/auth/password.ts"; for (let i = 0; i < ${3 + n}; i++) await hashPassword("mot-de-passe-" + i);`,
        ],
        {},
        "ignore",
      );
      await new Promise((r) => h.once("exit", r));
      const text = fs.readFileSync(path.join(out, `hash.${h.pid}`), "utf8");
      return Number(/^(?:summary|totals): (\d+)/m.exec(text)?.[1] ?? Number.NaN);
    };
    hash = ((await hashes(5)) - (await hashes(0))) / 5;
  }

  const m = (x?: number) => (x === undefined ? "–" : `${(x / 1e6).toFixed(2)} M`);
  process.stdout.write(`\n| call | ours, instructions per call | bare oidc-provider | bare ÷ ours |\n|---|---|---|---|\n`);
  for (const r of results)
    process.stdout.write(`| ${r.label} | ${m(r.ours)} | ${m(r.bare)} | ${r.bare && r.ours ? (r.bare / r.ours).toFixed(2) : "–"} |\n`);
  if (hash) {
    const l = results.find((r) => r.label === "whole password login")!.ours!;
    process.stdout.write(`\nOne argon2id hash: ${m(hash)}; whole login ÷ one hash: ${(l / hash).toFixed(2)} ×\n`);
  }
} finally {
  if (bare) await stopProcess(bare);
  if (server) await stopProcess(server);
  fs.rmSync(out, { recursive: true, force: true });
}
