// pnpm bench:oidc — throughput and cost of the SSO, on this machine, in one run:
//   client-credentials grants/s (opaque token, and JWT for the admin API), refresh grants/s (with
//   rotation), whole password logins/s (authorize → login form → code → token), the same token calls
//   against a bare oidc-provider (in-memory adapter), one argon2id hash, the server's RSS.
// The server runs in its own process (as `pnpm start` does) so that its CPU time and memory can be
// read from /proc; this process only generates the load. Writes the "OIDC" section of BENCHMARKS.md.
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/conv_bench pnpm bench:oidc   (a fresh database)
//   DATABASE_URL is required: the bench measures the production setting (PostgreSQL).
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { connect } from "../src/db/database.js";
import { hashPassword } from "../src/auth/password.js";
import { createSecretBox } from "../src/lib/secretbox.js";
import { userId } from "../src/db/seed.js";
import { DEMO_BIP_SECRET } from "../src/server.js";
import { basic, login as loginFlow, tokenCall } from "./flows.js";
import { totpCode, totpStep } from "../src/mfa/totp.js";
import { API_TOKEN_ALG } from "../src/oidc/keys.js";
import {
  AGENTS,
  BACKOFFICE_CLIENT,
  ROOT as root,
  cpuSeconds,
  freePort,
  memory,
  prepareAccounts,
  serverNodeArgs as productionNodeArgs,
  spawnBuiltServer,
  stopProcess as stop,
  threadCpu,
  waitReady,
} from "./setup.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SECRET_KEY = crypto.randomBytes(32).toString("hex");
const PASSWORD = "Mot-de-passe-du-banc-d-essai-2026";
// Password + TOTP logins: each code is accepted once per account, so the bench gives that many
// accounts (with a BIP role) one TOTP application each, and uses each at most once per 30 s step.
const MFA_ACCOUNTS = Number(process.env.BENCH_MFA_ACCOUNTS ?? 1500);
const TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const vcpus = os.availableParallelism();
// BENCH_ONLY=login,cc,ccjwt,refresh: trial runs of some scenarios (no bare provider, no report).
const only = new Set((process.env.BENCH_ONLY ?? "").split(",").filter(Boolean));
const runs = (name: string) => !only.size || only.has(name);
const SKIPPED = { count: 0, seconds: 0, perSecond: 0, serverCpu: 0, perCpuSecond: 0, errors: 0, threads: {} as Record<string, number> };
const loadBefore = os.loadavg()[0]!;

// BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the server's node, for profiling.
// Default: the production build's own options (scripts/node-options.mjs), none from the sources.
const serverNodeArgs = process.env.BENCH_NODE_ARGS === undefined && process.env.BENCH_SERVER === "tsx" ? [] : await productionNodeArgs();

// BENCH_SERVER=tsx: the server from its TypeScript sources (as before the production build); default:
// the production build (apps/idp/dist, built first when stale), run by plain node as pnpm start does.
const fromSources = process.env.BENCH_SERVER === "tsx";

async function spawnServer(env: Record<string, string>, nodeArgs: string[]): Promise<ChildProcess> {
  if (fromSources) return spawnTs("apps/idp/src/main.ts", env, "ignore", nodeArgs);
  return spawnBuiltServer(env, nodeArgs);
}

function spawnTs(file: string, env: Record<string, string>, stdout: "pipe" | "ignore" = "pipe", nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, "--import", "tsx", file], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", stdout, "inherit"],
  });
}

interface Measure {
  count: number;
  seconds: number;
  perSecond: number;
  serverCpu: number;
  /** Operations per second of server CPU: what one vCPU given to the server does. */
  perCpuSecond: number;
  errors: number;
  /** ms of CPU per operation, by kind of thread. */
  threads: Record<string, number>;
}

/** Runs `op` in CONCURRENCY loops for SECONDS (after a short warm-up), reading the server's CPU. */
async function measure(pid: number, op: (worker: number) => Promise<void>, seconds = SECONDS, concurrency = CONCURRENCY): Promise<Measure> {
  const warmUntil = Date.now() + 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (Date.now() < warmUntil) await op(w).catch(() => {});
    }),
  );
  let count = 0;
  let errors = 0;
  const cpu0 = cpuSeconds(pid);
  const threads0 = threadCpu(pid);
  const t0 = performance.now();
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (Date.now() < until) {
        try {
          await op(w);
          count++;
        } catch (e) {
          errors++;
          if (errors === 1) process.stderr.write(`erreur : ${(e as Error).message}\n`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const serverCpu = cpuSeconds(pid) - cpu0;
  const threads: Record<string, number> = {};
  for (const [name, cpu] of threadCpu(pid)) {
    const ms = ((cpu - (threads0.get(name) ?? 0)) * 1000) / Math.max(count, 1);
    if (ms >= 0.05) threads[name] = ms;
  }
  return { count, seconds: elapsed, perSecond: count / elapsed, serverCpu, perCpuSecond: count / serverCpu, errors, threads };
}

const login = (url: string, publicUrl: string, redirectUri: string, email: string) =>
  loginFlow(url, publicUrl, redirectUri, email, { password: PASSWORD, clientId: "bip", clientSecret: DEMO_BIP_SECRET });

// ---------------------------------------------------------------------------------------------
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "conv-bench-"));
const databaseUrl = process.env.DATABASE_URL;
process.stdout.write(`Serveur sur ${url} (${databaseUrl ? "PostgreSQL" : "PGlite embarquée"})…\n`);
const server = await spawnServer(
  {
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: url,
    DATA_DIR: tmp,
    SECRET_KEY,
    LOG_LEVEL: "info",
    NODE_ENV: "development",
    SEED: "demo",
    DEMO_RP_URL: "http://127.0.0.1:9",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  },
  serverNodeArgs,
); // one JSON log line per request, as in production, discarded here
let bare: ChildProcess | undefined;
try {
  await waitReady(`${url}/readyz`, server);
  const pid = server.pid!;
  const dbUrl =
    databaseUrl ??
    (await (async () => {
      throw new Error("PGlite : relancez avec DATABASE_URL pour ce banc d'essai");
    })());
  const db = connect(dbUrl, 2);
  const box = createSecretBox(Buffer.from(SECRET_KEY, "hex"));
  const { backofficeSecret } = await prepareAccounts(db, box, PASSWORD);
  const hash = await hashPassword(PASSWORD);
  const home = await db.prisma.user.findUniqueOrThrow({ where: { id: userId(AGENTS[0]!) }, select: { structureId: true } });
  const bipRole = await db.prisma.role.findFirstOrThrow({ where: { application: { clientId: "bip" } } });
  const mfaIds = Array.from({ length: MFA_ACCOUNTS }, () => crypto.randomUUID());
  const mfaEmails = mfaIds.map((_, i) => `banc.mfa.${i}.${crypto.randomBytes(3).toString("hex")}@banc-essai.invalid`);
  await db.prisma.user.createMany({
    data: mfaIds.map((id, i) => ({
      id,
      email: mfaEmails[i]!,
      emailLower: mfaEmails[i]!,
      identifiant: mfaEmails[i]!,
      lastName: "BANC",
      firstName: `Mfa ${i}`,
      structureId: home.structureId,
      searchText: `banc mfa ${i} ${mfaEmails[i]}`,
      passwordHash: hash,
    })),
  });
  const sealed = box.seal(TOTP_SECRET);
  await db.prisma.authFactor.createMany({
    data: mfaIds.map((id) => ({
      userId: id,
      kind: "TOTP" as const,
      name: "Application d'authentification",
      totpSecretEncrypted: sealed,
      confirmedAt: new Date(),
    })),
  });
  await db.prisma.roleAssignment.createMany({
    data: mfaIds.map((id) => ({ userId: id, roleId: bipRole.id, structureId: home.structureId })),
  });
  await db.close();
  const redirectUri = "http://127.0.0.1:9/callback";

  // argon2id, in this process: wall time and CPU of one hash, one at a time (`hashMs`, `hashCpuMs`)
  // and `vcpus` at a time, as the server runs them during the login runs (at most one per vCPU, its
  // argon2id slots): the memory-hard hashes then share the caches and the memory bus, and each costs
  // more CPU. Measured right after the logins, in the same minute of a shared machine.
  const hashCost = async (concurrency: number, each = 10) => {
    const c0 = process.cpuUsage();
    const h0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        for (let i = 0; i < each; i++) await hashPassword(`mot-de-passe-${w}-${i}`);
      }),
    );
    const cu = process.cpuUsage(c0);
    return { wallMs: (performance.now() - h0) / each, cpuMs: (cu.user + cu.system) / 1000 / (each * concurrency) };
  };
  await hashPassword("échauffement");

  // The bare provider runs beside ours from the start: each call type is measured on ours then on the
  // bare one, ROUNDS times, so that both see the same moments of a shared machine; the best round of
  // each is kept (the one least disturbed by other work).
  const withBare = !only.size;
  let bareCall: ((w: number, kind: "cc" | "refresh") => Promise<void>) | undefined;
  if (withBare) {
    const barePort = await freePort();
    bare = spawnTs("apps/idp/bench/bare-provider.ts", { PORT: String(barePort), CHAINS: String(CONCURRENCY) });
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
    const bareChains = [...ready.refreshTokens];
    bareCall = async (w, kind) => {
      if (kind === "cc") await tokenCall(bareUrl, bareAuth, { grant_type: "client_credentials" });
      else
        bareChains[w] = (await tokenCall(bareUrl, bareAuth, { grant_type: "refresh_token", refresh_token: bareChains[w]! })).refresh_token!;
    };
  }
  const better = (a: Measure | undefined, b: Measure) => (!a || b.perCpuSecond > a.perCpuSecond ? b : a);
  const pair = async (name: string, ours: (w: number) => Promise<void>, bareKind?: "cc" | "refresh", concurrency = CONCURRENCY) => {
    if (!runs(name)) return { ours: SKIPPED as Measure, bare: undefined };
    let o: Measure | undefined;
    let b: Measure | undefined;
    for (let r = 0; r < ROUNDS; r++) {
      o = better(o, await measure(pid, ours, SECONDS, concurrency));
      if (bareKind && bareCall && bare) b = better(b, await measure(bare.pid!, (w) => bareCall!(w, bareKind)));
    }
    return { ours: o!, bare: b };
  };

  process.stdout.write("Connexions complètes…\n");
  let n = 0;
  const logins = (
    await pair(
      "login",
      async () => {
        await login(url, url, redirectUri, AGENTS[n++ % AGENTS.length]!);
      },
      undefined,
      vcpus * 2,
    )
  ).ours;
  const loginCpuMs = (logins.serverCpu * 1000) / logins.count;
  const alone = runs("login") ? await hashCost(1, 20) : { wallMs: 0, cpuMs: 0 };
  const hashMs = alone.wallMs;
  const hashCpuMs = alone.cpuMs;
  const hashSharedCpuMs = runs("login") ? (await hashCost(vcpus)).cpuMs : 0;

  process.stdout.write("Connexions complètes avec code TOTP…\n");
  const lastStep = new Array<number>(MFA_ACCOUNTS).fill(-1);
  let m = 0;
  const mfaLogins = (
    await pair(
      "mfa",
      async () => {
        const step = totpStep();
        let i = m++ % MFA_ACCOUNTS;
        for (let tries = 0; lastStep[i] === step && tries < MFA_ACCOUNTS; tries++) i = m++ % MFA_ACCOUNTS;
        if (lastStep[i] === step) throw new Error("plus de compte dont le code de ce pas soit libre");
        lastStep[i] = step;
        await loginFlow(url, url, redirectUri, mfaEmails[i]!, {
          password: PASSWORD,
          clientId: "bip",
          clientSecret: DEMO_BIP_SECRET,
          totp: () => totpCode(TOTP_SECRET, step),
        });
      },
      undefined,
      vcpus * 2,
    )
  ).ours;
  const mfaLoginCpuMs = mfaLogins.count ? (mfaLogins.serverCpu * 1000) / mfaLogins.count : 0;

  process.stdout.write("Client credentials…\n");
  const bipAuth = basic("bip", DEMO_BIP_SECRET);
  const cc = await pair(
    "cc",
    async () => {
      await tokenCall(url, bipAuth, { grant_type: "client_credentials" });
    },
    "cc",
  );
  const ccOpaque = cc.ours;
  const boAuth = basic(BACKOFFICE_CLIENT, backofficeSecret);
  const ccJwt = (
    await pair("ccjwt", async () => {
      await tokenCall(url, boAuth, { grant_type: "client_credentials", scope: "aia:admin", resource: `${url}/api/v1` });
    })
  ).ours;

  process.stdout.write("Rafraîchissements…\n");
  const chains: string[] = [];
  if (runs("refresh"))
    for (let i = 0; i < CONCURRENCY; i++) chains.push((await login(url, url, redirectUri, AGENTS[i % AGENTS.length]!)).refresh_token!);
  const rf = await pair(
    "refresh",
    async (w) => {
      const body = await tokenCall(url, bipAuth, { grant_type: "refresh_token", refresh_token: chains[w]! });
      chains[w] = body.refresh_token!;
    },
    "refresh",
  );
  const refresh = rf.ours;
  const mem = memory(pid);
  if (only.size) {
    const line = (label: string, m: Measure) =>
      m.count
        ? `${label}: ${m.perSecond.toFixed(0)}/s wall, ${m.perCpuSecond.toFixed(0)}/s per server CPU-s, ${((m.serverCpu * 1000) / m.count).toFixed(2)} ms CPU each (${Object.entries(
            m.threads,
          )
            .map(([k, v]) => `${k} ${v.toFixed(2)}`)
            .join(", ")}), ${m.errors} errors\n`
        : "";
    process.stdout.write(
      line("login", logins) +
        line("mfa", mfaLogins) +
        line("cc", ccOpaque) +
        line("ccjwt", ccJwt) +
        line("refresh", refresh) +
        (hashCpuMs ? `argon2id hash: ${hashCpuMs.toFixed(1)} ms CPU alone, ${hashSharedCpuMs.toFixed(1)} ms ${vcpus} at a time\n` : "") +
        `RSS ${mem.rss.toFixed(0)} MB, peak ${mem.peak.toFixed(0)} MB; load ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}\n`,
    );
    await stop(server);
    fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(0);
  }
  const bareCc = cc.bare!;
  const bareRefresh = rf.bare!;
  const bareMem = memory(bare!.pid!);

  // ---- report ----
  const f0 = (x: number) => Math.round(x).toLocaleString("en-US");
  const f1 = (x: number) => x.toFixed(1);
  const f2 = (x: number) => x.toFixed(2);
  const ok = (b: boolean) => (b ? "✅ met" : "❌ missed");
  const pg = databaseUrl
    ? await (async () => {
        const d = connect(databaseUrl, 1);
        const v = (await d.pool.query("select version()")).rows[0].version as string;
        await d.close();
        return v.split(" on ")[0]!;
      })()
    : "PGlite";
  const cpuModel = os.cpus()[0]?.model.trim() ?? "?";
  const loadAfter = os.loadavg()[0]!;
  // The run itself keeps the server, the load generator and PostgreSQL busy (load ~2–3 at its end):
  // other work is judged by the load at the start.
  const busy = loadBefore >= 1.5;
  const threadsOf = (m: Measure) => {
    const main = m.threads.main ?? 0;
    const other = Object.entries(m.threads)
      .filter(([k]) => k !== "main")
      .reduce((a, [, v]) => a + v, 0);
    return `${f2(main)} + ${f2(other)}`;
  };
  const rows = [
    ["client credentials (opaque, stored)", ccOpaque, bareCc],
    ["client credentials (JWT for /api/v1)", ccJwt, undefined],
    ["refresh (rotation, ID token)", refresh, bareRefresh],
    ["whole password login", logins, undefined],
    ["whole password + TOTP login", mfaLogins, undefined],
  ] as const;
  const table = rows
    .map(
      ([label, m, b]) =>
        `| ${label} | ${f0(m.perSecond)} | ${f0(m.perSecond / vcpus)} | ${f0(m.perCpuSecond)} | ${threadsOf(m)} | ${b ? `${f0(b.perSecond)} / ${f0(b.perCpuSecond)}` : "–"} | ${b ? f2(m.perCpuSecond / b.perCpuSecond) : "–"} | ${m.errors} |`,
    )
    .join("\n");

  const ccRatio = ccOpaque.perCpuSecond / bareCc.perCpuSecond;
  const refreshRatio = refresh.perCpuSecond / bareRefresh.perCpuSecond;
  const targets = [
    [
      `≥ 1,000 client-credentials grants/s per vCPU`,
      `${f0(ccOpaque.perCpuSecond)} (opaque), ${f0(ccJwt.perCpuSecond)} (JWT, ${API_TOKEN_ALG})`,
      ccOpaque.perCpuSecond >= 1000 && ccJwt.perCpuSecond >= 1000,
      ccOpaque.perCpuSecond >= 1000 ? "opaque tokens" : undefined,
    ],
    [`≥ 500 refresh grants/s per vCPU`, f0(refresh.perCpuSecond), refresh.perCpuSecond >= 500, undefined],
    [
      `whole login ≤ 1.2 × one argon2id hash of CPU`,
      `${f1(loginCpuMs)} ms vs ${f1(hashCpuMs)} ms → ${f2(loginCpuMs / hashCpuMs)} × (vs ${f1(hashSharedCpuMs)} ms for a hash ${vcpus} at a time: ${f2(loginCpuMs / hashSharedCpuMs)} ×)`,
      loginCpuMs <= 1.2 * hashCpuMs,
      undefined,
    ],
    [
      `token endpoint ≥ 0.7 × the bare provider`,
      `client credentials ${f2(ccRatio)} ×, refresh ${f2(refreshRatio)} ×`,
      ccRatio >= 0.7 && refreshRatio >= 0.7,
      undefined,
    ],
    [
      `server RSS < 200 MB`,
      `${f0(mem.rss)} MB now, ${f0(mem.peak)} MB peak (bare provider: ${f0(bareMem.peak)} MB)`,
      mem.peak < 200,
      undefined,
    ],
  ] as const;

  const section = `<!-- section:oidc -->
## OIDC

\`pnpm bench:oidc\` on ${new Date().toISOString().slice(0, 10)}: ${vcpus} vCPU (${cpuModel}), ${f0(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${pg} on 127.0.0.1 (same machine).
Load average (1 min) at the start / at the end of the run: ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)} on ${vcpus} vCPUs (the run itself adds ~2–3)${busy ? " — **the machine was busy with other work (load ≥ 1.5 at the start): the server competed for the CPUs, its CPU time per call is inflated (cache and scheduling) and the absolute figures are low and noisy; the ratios to the bare provider, measured in the same conditions, are the more telling**" : " — quiet machine at the start"}.

Method: the server runs in its own process as \`pnpm start\` runs it (${fromSources ? "from its sources: `node --import tsx apps/idp/src/main.ts`" : `the production build: \`node ${serverNodeArgs.join(" ")} apps/idp/dist/main.js\``},
request log on, discarded); the load comes from another process on the same machine (fetch, keep-alive,
${CONCURRENCY} concurrent loops for token calls, ${vcpus * 2} for logins; ${SECONDS} s each after 1 s of warm-up;
ours and the bare provider alternately, ${ROUNDS} rounds, the best round of each kept).
**Per vCPU** is measured, not divided: operations per second of CPU time consumed by the server process
(utime + stime of all its threads, from /proc), i.e. what one vCPU given to the server does. The
wall-clock rate and that rate divided by the machine's ${vcpus} vCPUs are shown beside it, but the load
generator and PostgreSQL run on the same vCPUs. The server CPU of a call is split into its main thread
(JavaScript, HTTP, the pg driver) and its other threads (libuv pool: argon2id, signatures; V8's
garbage collector). The bare provider is oidc-provider 9.13.3 with an in-memory (Map) adapter, a static
client, a trivial account and the same signing set-up (ES256 ID tokens) (\`apps/idp/bench/bare-provider.ts\`),
serving the same token calls.
Database round trips per call: client credentials 1 (store the token); refresh 2 (the refresh token with
its grant, session and account, marked used in the same statement; store the new tokens); whole login 11 over its 5
exchanges (and the client read from the Application table at most every 2 s). ID tokens are signed
ES256, and so are the admin API's access tokens (JWTs, not stored: the API verifies them itself); ours signs
with node:crypto (\`apps/idp/src/oidc/signing-key.ts\`), the bare provider through jose/WebCrypto as
oidc-provider does by default.
A whole login is: GET /auth → GET the login page → POST the password → GET the resume → POST /token
(code + PKCE), the client authenticated with its secret; its server CPU includes one argon2id
verification. One argon2id hash at the OWASP parameters (in the bench process, right after the logins): ${f1(hashMs)} ms wall, ${f1(hashCpuMs)} ms CPU
one at a time; ${f1(hashSharedCpuMs)} ms CPU each when ${vcpus} run at once, as the server runs them during the login runs (one per vCPU).
The password + TOTP login is the same login with the second step of référents and CIG administrators:
its page, then the code (two more exchanges; the code checked against the factor's sealed secret, its
step recorded in the same statement, the throttling slot reserved and given back), on ${f0(MFA_ACCOUNTS)}
accounts with one TOTP application each (a code is accepted once per account): ${f1(mfaLoginCpuMs)} ms of
server CPU per login against ${f1(loginCpuMs)} ms with the password only (${f2(mfaLoginCpuMs / loginCpuMs)} ×).

| call | ours /s (wall) | wall / vCPU | ours per server CPU-second | server CPU per call, ms (main + other threads) | bare /s (wall) / per CPU-s | ours ÷ bare (per CPU-s) | errors |
|---|---|---|---|---|---|---|---|
${table}

| target | measured | |
|---|---|---|
${targets.map(([t, m, b, part]) => `| ${t} | ${m} | ${b ? ok(b) : part ? `✅ met for ${part}, ❌ missed for the others` : ok(b)} |`).join("\n")}

Where a target is missed, why: ${whyMissed({ loginCpuMs, hashCpuMs, loginMainMs: logins.threads.main ?? 0, ccRatio, refreshRatio, refresh: refresh.perCpuSecond, cc: ccOpaque.perCpuSecond, ccJwt: ccJwt.perCpuSecond, bareCc: bareCc.perCpuSecond, bareRefresh: bareRefresh.perCpuSecond, peak: mem.peak, rss: mem.rss, barePeak: bareMem.peak, busy })}

Run to run, these figures move by about ±15 % on this shared machine: three runs on 2026-11-27 that
started with a load below 1.5 gave 1,159–1,250 client-credentials grants and 396–516 refresh grants per
server CPU-second, and a whole login of 1.56–1.67 × one hash. A single run meeting a target is thus not a
margin: the refresh target is met only in the best of them.
On 2026-12-02, with the token read and marked used in one statement: at load 1.0 at the start, client
credentials 0.53 × bare, refresh 0.46 ×, whole login 1.91 × one hash, RSS peak 273 MB; at load 0.5,
0.60 ×, 0.49 ×, 1.85 ×, 263 MB (the bare provider itself 3,700–3,950 client-credentials and 1,800–2,000
refresh grants per CPU-second on the quiet machine). The one-AsyncLocalStorage change came after those two
runs; its gain is within this spread, not measured apart.

Before the refresh token was marked used in the statement that reads it (same bench, 2026-12-02, load 2.0 at the start, 3 round
trips per refresh and 12 per login): client credentials 0.51 × bare, refresh 0.34 × bare (425 per server CPU-second), whole login
2.47 × one hash, RSS peak 281 MB — compare the ratios: the load moves the absolute figures.

Before this work on the token path (same bench, 2026-11-27, load 12 on 2 vCPUs, RS256 everywhere, 7
round trips per refresh and 21 per login): client credentials 274 /s per server CPU-second (0.51 × bare),
JWT 247, refresh 136 (0.54 × bare), whole login 2.83 × one hash, RSS 260 MB (295 MB peak).
<!-- /section:oidc -->`;

  const file = path.join(root, "BENCHMARKS.md");
  let doc = fs.existsSync(file)
    ? fs.readFileSync(file, "utf8")
    : "# Benchmarks\n\nEach section is written by its `pnpm bench:*` script; re-run the script to refresh it.\n";
  const re = /<!-- section:oidc -->[\s\S]*?<!-- \/section:oidc -->/;
  doc = re.test(doc) ? doc.replace(re, section) : doc.trimEnd() + "\n\n" + section + "\n";
  if (process.env.BENCH_WRITE !== "0") fs.writeFileSync(file, doc); // BENCH_WRITE=0: trial runs
  process.stdout.write("\n" + section + "\n");
} finally {
  if (bare) await stop(bare);
  await stop(server);
  fs.rmSync(tmp, { recursive: true, force: true });
}

function whyMissed(m: {
  loginCpuMs: number;
  hashCpuMs: number;
  loginMainMs: number;
  ccRatio: number;
  refreshRatio: number;
  refresh: number;
  cc: number;
  ccJwt: number;
  bareCc: number;
  bareRefresh: number;
  peak: number;
  rss: number;
  barePeak: number;
  busy: boolean;
}): string {
  const reasons: string[] = [];
  const f0 = (x: number) => Math.round(x).toLocaleString("en-US");
  if (m.cc < 1000 || m.ccJwt < 1000) {
    reasons.push(
      `client credentials: ${m.cc < 1000 ? `the bare provider itself does ${f0(m.bareCc)} per CPU-second here, so the target is beyond oidc-provider on this machine${m.busy ? " under this load" : ""} (HTTP parsing, client authentication, token generation, JSON); ours adds one PostgreSQL round trip (the token must be stored: introspection, revocation, other instances) and one log line. ` : ""}` +
        `${m.ccJwt < 1000 ? `the JWT variant (access tokens for the admin API, ${API_TOKEN_ALG}) costs ${(1000 / m.ccJwt).toFixed(2)} ms of server CPU each (client authentication, the back-office client's checks, claims, one signature).` : ""}`,
    );
  }
  if (m.refresh < 500) {
    reasons.push(
      `refresh: the bare provider does ${f0(m.bareRefresh)} per CPU-second here${m.busy ? " under this load" : ""}; ours adds 2 PostgreSQL round trips (read the token with its grant, its session and the account's state and roles — what makes a locked account's refresh fail — and mark it used in the same statement; store the two new tokens) and pays the pg driver's and the loopback TCP stack's CPU for each.`,
    );
  }
  if (m.loginCpuMs > 1.2 * m.hashCpuMs) {
    reasons.push(
      `login: of its ${m.loginCpuMs.toFixed(1)} ms, the main thread (5 HTTP exchanges, 11 round trips, cookies, an ES256 signature) takes ${m.loginMainMs.toFixed(1)} ms; the other threads run the argon2id verification (${m.hashCpuMs.toFixed(1)} ms measured alone, more when the CPUs are shared) — a 1.2 × budget leaves ${(0.2 * m.hashCpuMs).toFixed(1)} ms for everything else, less than the five HTTP exchanges alone cost here.`,
    );
  }
  if (m.ccRatio < 0.7 || m.refreshRatio < 0.7)
    reasons.push(
      "against the bare provider: its in-memory adapter does no I/O at all, while ours pays PostgreSQL round trips (and the pg driver's CPU, ~0.1–0.2 ms of client CPU per prepared statement here, measured alone at 16 concurrent) for what it stores or reads — the price of instances sharing state.",
    );
  if (m.peak >= 200)
    reasons.push(
      `RSS (${f0(m.rss)} MB after the runs, ${f0(m.peak)} MB peak; the bare provider, run under tsx, ${f0(m.barePeak)} MB): the server runs as built (plain node, \`--max-semi-space-size=4\`); its peak comes from the run as a whole (logins with argon2id's 19 MiB buffers, one per vCPU, then the token bursts at 1,000–2,000 requests/s), not from one call: a trial of the password logins, client credentials and refreshes, one round each, peaked at 202 MB on 2026-12-02, the whole bench (TOTP logins too, two rounds) at 257–273 MB. Not malloc arenas keeping argon2id's buffers: the same run with glibc's arenas capped and a fixed mmap threshold (\`MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072\`) peaked the same (259 MB against 257 MB). bench:load, a fixed-rate mix, stays under 200 MB (« Load » below); what holds the bench's peak is not attributed yet.`,
    );
  return reasons.length ? reasons.join(" ") : "no target missed.";
}
