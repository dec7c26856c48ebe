// pnpm bench:api — the admin API on PostgreSQL with 1,000,000 generated users: search p50/p95, first
// page of a structure's sub-tree (as its référent), get user, assign role, and a 100,000-row CSV
// export (time and peak memory). Results in BENCHMARKS.md, section "API".
// BENCH_DATABASE_URL: the server (default postgresql://postgres@127.0.0.1:5432/postgres). The database
// conv_bench_api_<pid> is copied from conv_bench_directory (pnpm bench:generate) when it exists, else generated.
// --scenario dense: the 36 × 30 names (conv_bench_directory_dense), section "API — dense names".
import crypto from "node:crypto";
import os from "node:os";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { SignJWT, importJWK, type JWK } from "jose";
import { connect } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { applicationId, roleId, seed, structureId } from "../src/db/seed.js";
import { generateDirectory, SCENARIOS, type Scenario } from "../src/db/generate.js";
import { createSecretBox } from "../src/lib/secretbox.js";
import { loadConfig } from "../src/config.js";
import { startServer } from "../src/server.js";
import { createLogger } from "../src/lib/log.js";
import { argValue } from "../src/cli/bootstrap.js";
import { machine, writeSection } from "./report.js";
import { CLIENT_SECRET_CLAIM, secretFingerprint } from "../src/oidc/resource.js";
import { API_TOKEN_ALG } from "../src/oidc/keys.js";

const loadAtStart = os.loadavg()[0]!;
const USERS = Number(argValue("users", "1000000"));
const N = Number(argValue("requests", "200"));
const admin = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SCENARIO = argValue("scenario", "realistic") as Scenario;
if (!SCENARIOS.includes(SCENARIO)) throw new Error(`--scenario : ${SCENARIOS.join(", ")}`);
const TEMPLATE = SCENARIO === "dense" ? "conv_bench_directory_dense" : "conv_bench_directory";
// Its own database per run: two runs at once (two scenarios, two people) do not drop each other's.
const NAME = `conv_bench_api_${process.pid}`;
const KEY_HEX = "01".repeat(32); // the generator bench seals with Buffer.alloc(32, 1)

const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
let copied = false;
const template = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [TEMPLATE]);
if (template.rowCount) {
  try {
    await c.query(`CREATE DATABASE "${NAME}" TEMPLATE "${TEMPLATE}"`);
    copied = true;
  } catch (e) {
    process.stderr.write(`copie impossible (${(e as Error).message}), génération\n`);
  }
}
if (!copied) await c.query(`CREATE DATABASE "${NAME}"`);
const version = (await c.query("SHOW server_version")).rows[0].server_version as string;
await c.end();
const url = new URL(admin);
url.pathname = "/" + NAME;
const db = connect(url.toString(), 10);
await migrate(db.pool);
const box = createSecretBox(Buffer.from(KEY_HEX, "hex"));
if (!copied) {
  await seed(db.prisma, { publicUrl: "http://localhost:3000", demoRpUrl: "http://localhost:3001", box });
  const t0 = Date.now();
  await generateDirectory(db.pool, {
    users: USERS,
    scenario: SCENARIO,
    onProgress: (n) => n % 100_000 === 0 && process.stderr.write(`${n} utilisateurs, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`),
  });
  await db.pool.query("VACUUM ANALYZE");
}
const total = Number((await db.pool.query(`SELECT count(*) AS n FROM "User"`)).rows[0].n);

// 100,000 users under one node: a group of generated collectivités (each has ~2,500 agents).
const bodies = (
  await db.pool.query<{ id: string; n: string }>(
    `SELECT s.id, (SELECT count(*) FROM "User" u JOIN "Structure" x ON x.id = u."structureId" WHERE x."ancestorIds" @> ARRAY[s.id]) AS n
     FROM "Structure" s WHERE s.kind = 'COLLECTIVITE' AND s.code LIKE 'gen-%' ORDER BY s.code LIMIT 60`,
  )
).rows;
const groupId = crypto.randomUUID();
const collectivites = (await db.pool.query(`SELECT "ancestorIds" FROM "Structure" WHERE id = $1`, [structureId("collectivites")])).rows[0]
  .ancestorIds as string[];
await db.pool.query(
  `INSERT INTO "Structure" (id, code, name, kind, "parentId", "ancestorIds", depth, "updatedAt") VALUES ($1, 'bench-export', 'Groupe export', 'GROUPE', $2, $3::uuid[], $4, now())`,
  [groupId, structureId("collectivites"), [...collectivites, groupId], collectivites.length],
);
let inGroup = 0;
const moved: string[] = [];
for (const b of bodies) {
  if (inGroup >= 100_000) break;
  moved.push(b.id);
  inGroup += Number(b.n);
}
for (const id of moved) {
  await db.pool.query(
    `UPDATE "Structure" SET "ancestorIds" = $1::uuid[] || "ancestorIds"[$2:], depth = depth + 1 WHERE "ancestorIds" @> ARRAY[$3]::uuid[]`,
    [[...collectivites, groupId], collectivites.length + 1, id],
  );
  await db.pool.query(`UPDATE "Structure" SET "parentId" = $1 WHERE id = $2`, [groupId, id]);
}
await db.pool.query("ANALYZE");

// A référent of one generated collectivité for BIP.
const body = bodies[bodies.length - 1]!.id;
const referent = (
  await db.pool.query(
    `SELECT u.id FROM "User" u JOIN "Structure" s ON s.id = u."structureId" WHERE s."ancestorIds" @> ARRAY[$1]::uuid[] LIMIT 1`,
    [body],
  )
).rows[0].id as string;
const mandate = await db.prisma.mandate.create({
  data: { userId: referent, kind: "REFERENT", structureId: body, applications: { create: [{ applicationId: applicationId("bip") }] } },
});
const targets = (
  await db.pool.query(
    `SELECT u.id FROM "User" u JOIN "Structure" s ON s.id = u."structureId" WHERE s."ancestorIds" @> ARRAY[$1]::uuid[] AND u.id <> $2 LIMIT $3`,
    [body, referent, N],
  )
).rows.map((r) => r.id as string);
const sampleIds = (await db.pool.query(`SELECT id FROM "User" TABLESAMPLE SYSTEM (1) LIMIT $1`, [N])).rows.map((r) => r.id as string);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "conv-bench-api-"));
const config = loadConfig({
  PORT: "0",
  HOST: "127.0.0.1",
  PUBLIC_URL: "http://127.0.0.1:3999",
  DATA_DIR: dataDir,
  SECRET_KEY: KEY_HEX,
  SEED: "never",
  LOG_LEVEL: "silent",
  NODE_ENV: "production",
});
const server = await startServer(config, { db, logger: createLogger("silent") });
const key = await db.prisma.signingKey.findFirstOrThrow({ where: { status: "CURRENT", alg: API_TOKEN_ALG } });
const signingKey = await importJWK(JSON.parse(server.box.open(key.privateJwkEncrypted)) as JWK, API_TOKEN_ALG);
const token = (claims: Record<string, unknown>) =>
  new SignJWT({ ...claims, jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: API_TOKEN_ALG, kid: key.kid })
    .setIssuer(config.PUBLIC_URL)
    .setAudience(`${config.PUBLIC_URL}/api/v1`)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(signingKey);
// The CIG's back-office client exists (the API re-checks it on every request) and the token carries its secret's fingerprint.
const benchSecret = crypto.randomBytes(32).toString("base64url");
await db.prisma.application.deleteMany({ where: { clientId: "cig-backoffice-bench" } });
await db.prisma.application.create({
  data: {
    code: "cig-backoffice-bench",
    name: "Script CIG (bench)",
    clientId: "cig-backoffice-bench",
    clientSecretEncrypted: box.seal(benchSecret),
    tokenEndpointAuthMethod: "client_secret_basic",
    redirectUris: [],
    postLogoutRedirectUris: [],
    grantTypes: ["client_credentials"],
    scopes: ["aia:admin"],
    requiresRole: false,
    tileLabel: "Script CIG",
  },
});
const cig = await token({ client_id: "cig-backoffice-bench", scope: "aia:admin", [CLIENT_SECRET_CLAIM]: secretFingerprint(benchSecret) });
// A référent signs in with a second factor (the API refuses his token otherwise).
const ref = await token({ sub: referent, client_id: "aia-console", scope: "openid aia", amr: ["pwd", "otp", "mfa"] });

async function call(tok: string, method: string, p: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${p}`, {
    method,
    headers: { authorization: `Bearer ${tok}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const buf = await res.arrayBuffer();
  if (res.status >= 400) throw new Error(`${method} ${p}: ${res.status} ${Buffer.from(buf).toString()}`);
  return buf;
}
async function measure(name: string, f: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await f(i); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await f(i);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!;
  process.stderr.write(`${name}: p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms\n`);
  return { name, p50: q(0.5), p95: q(0.95) };
}

const TERMS = [
  "martin",
  "dur",
  "camille",
  "nguy",
  "lefevre",
  "sophie",
  "bernard lu",
  "garc",
  "traore",
  "agents.exam",
  "service 1.",
  "haddad",
  "fontaine",
  "élodie",
  "müller",
];
const results = [
  await measure("search (CIG admin, 1 M users)", (i) => call(cig, "GET", `/users?q=${encodeURIComponent(TERMS[i % TERMS.length]!)}`)),
  await measure("search (référent, his sub-tree)", (i) => call(ref, "GET", `/users?q=${encodeURIComponent(TERMS[i % TERMS.length]!)}`)),
  await measure("first page of a structure's sub-tree (référent)", () => call(ref, "GET", `/structures/${body}/members?subtree=true`)),
  await measure("first page of the users list (référent)", () => call(ref, "GET", `/users`)),
  await measure("get user", (i) => call(cig, "GET", `/users/${sampleIds[i % sampleIds.length]}`)),
  await measure("assign role (référent)", (i) =>
    call(ref, "POST", `/applications/${applicationId("bip")}/roles/${roleId("bip", "gestionnaire")}/members`, {
      userIds: [targets[i % targets.length]],
    }),
  ),
];

// Export: time to the last byte, and the process's peak RSS while it streams.
global.gc?.();
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
const t0 = performance.now();
const res = await fetch(`${server.url}/api/v1/exports/structures/${groupId}/users.csv`, { headers: { authorization: `Bearer ${cig}` } });
let bytes = 0;
let lines = 0;
let firstRowsAt = 0; // the header is sent before the query runs: the first row shows when the sort is done
for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
  if (!firstRowsAt && lines > 0) firstRowsAt = performance.now() - t0;
  bytes += chunk.length;
  for (const b of chunk) if (b === 10) lines++;
}
const exportSeconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
const exportRows = lines - 1;
process.stderr.write(
  `export: ${exportRows} rows, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${exportSeconds.toFixed(2)} s, RSS ${(rssBefore / 2 ** 20).toFixed(0)} → peak ${(peak / 2 ** 20).toFixed(0)} MiB\n`,
);

await server.close();
await db.prisma.mandate.delete({ where: { id: mandate.id } }).catch(() => {});
await db.prisma.application.deleteMany({ where: { clientId: "cig-backoffice-bench" } }).catch(() => {});
await db.close();
fs.rmSync(dataDir, { recursive: true, force: true });
const d = new pg.Client({ connectionString: admin });
await d.connect();
await d.query(`DROP DATABASE IF EXISTS "${NAME}" WITH (FORCE)`);
await d.end();

const loadAtEnd = os.loadavg()[0]!;
const vcpus = os.cpus().length;
const busy = Math.max(loadAtStart, loadAtEnd) > vcpus;
const searchMiss = results.filter((r) => r.name.startsWith("search") && r.p95 >= 50).length > 0;
const pageMiss = results.filter((r) => r.name.startsWith("first page") && r.p95 >= 30).length > 0;
const NOTES = `**How the API answers** (\`apps/idp/src/api/user-search.ts\`, \`routes/exports.ts\`):
- Totals are counted up to a cap — 10,000 for lists, 1,000 for a search — then the page answers
  \`totalIsLowerBound: true\` and the console shows "1 - 20 sur plus de 10 000".
- A search alone, sorted by name, tries in turn: walking the first 5,000 rows of the (lastName, firstName)
  index, which also carries id, the search text, the structure and the lock, so the walk is an index-only
  scan (leaf pages in order, no heap page: 5,000 rows walked in 60 ms instead of 0.9 s on this database with
  PostgreSQL's default 128 MB of shared buffers, EXPLAIN ANALYZE at load 11) — dense matches: "agents.exam",
  "service 1."; when it met some matches but not a page, on for as many rows as their density says a page
  needs, up to 60,000 ("martin"); the trigram index's matches intersected (BitmapAnd) with the first 50,000
  rows of the name order, unless the walk covered that range already ("sophie" in the dense names); else the
  sort of all the matches, counted exactly by the same scan. Other filters (a référent's scope, a structure)
  read their first 10,001 matches, counted and sorted in one statement.
- Each request: one statement for the token's user and mandates (a lock is felt at once, so nothing is cached
  across requests), structure paths from an in-memory tree checked by one fingerprint query
  (\`count(*)\`, \`sum(xmin)\` over ~2,900 structures), the user and his placements in one statement.
- Export: ONE statement through a server-side cursor (\`DECLARE … NO SCROLL CURSOR\`, \`FETCH 2000\`) in a
  read-only transaction on one pooled connection; roles joined by one hash join (100,000 index probes
  cost more), JIT off (it spent 2.3 s compiling this statement), \`work_mem\` 64 MB for the sort, papaparse
  per batch, the next batch fetched while the current one is formatted, never more than one ahead of the
  response (backpressure).

**Before this work** (commit 4369efb, same bench, load ~10): search p95 1,340 ms (CIG admin) / 250 ms
(référent), sub-tree page 246 ms, users list 188 ms, get user 129 ms, assign role 217 ms, export 61.7 s.
A run the same day, before the last two changes (statements straight on the pg pool, FETCH one batch ahead),
on a less loaded machine (load 6.3 → 6.6): search p95 109 ms / 52 ms, sub-tree page 80 ms, users list 33 ms,
get user 18 ms, assign role 81 ms, export 3.64 s.
**Delegation by the part touched (issue 8)**: each request now also re-reads a back-office client's
application (cached 2 s, forgotten at once when changed here), the target's role assignments and
mandates with his placement (same statement), and, for a référent, one statement per page for the rows'
further memberships and role structures (the « également rattaché » flag). Measured A/B on 2026-12-02,
four runs back to back alternating the code before (fbd8796) and after (bcae203), same database
(realistic names), load average 13 → 23 on 2 vCPUs throughout — p50 in ms, before / after:
CIG search 149, 150 / 102, 140; référent search 59, 52 / 45, 47; sub-tree page 78, 50 / 49, 70; users
list 64, 65 / 40, 80; get user 41, 44 / 18, 38; assign role 174, 166 / 151, 172; export 11.4, 13.4 s /
12.5, 20.1 s (the last at load 23). No loss shows beyond the run-to-run spread of this machine's load,
which is larger than any difference; a quiet machine is needed to see a few milliseconds.
${searchMiss || pageMiss || exportSeconds >= 3 ? "\n**Targets missed, and why**:\n" : ""}${
  searchMiss && SCENARIO === "realistic"
    ? `- Search over the whole directory: with realistic names most terms match a few hundred to a few thousand
  people; the p95 is set by the terms that match tens of thousands (see the generator's counts for
  3-letter terms): their rows are spread over the name order, so the page needs them all read and sorted.
`
    : ""
}${
  searchMiss && SCENARIO === "dense"
    ? `- Search over the whole directory: the generated names are 36 surnames × 30 first names, so 11 of the 15 terms
  match 28,000–33,000 people. For a surname ("martin", "garc", "müller"…) those rows sit together in the middle
  of the name order and in ~1,900 heap pages: the page needs all of them read, rechecked and sorted (the walk
  and the range probe cannot find them first). That sort is the p95. A real directory's surnames are far more
  varied: a term matching a few hundred people needs only those rows sorted ("bernard lu", 926 matches).
`
    : ""
}${
  pageMiss
    ? `- Pages: three or four statements each (token's user, tree fingerprint, structure, page); ${results.filter((r) => r.name.startsWith("first page")).every((r) => r.p50 < 30) ? "the p50 is within the\n  target, the p95 is not" : "neither the p50 nor the p95 is within the\n  target on this run"}: with several runnable tasks per vCPU (load below), a request that waits once for a
  CPU misses 30 ms. Not shown on a quiet machine here: none was available during this work.
`
    : ""
}${
  exportSeconds >= 3
    ? `- Export: PostgreSQL reads, sorts and joins the 100,000 rows before the first one leaves (first rows after
  ${(firstRowsAt / 1000).toFixed(2)} s); the rest is this process turning them into 24 MiB of CSV with papaparse (a cell-by-cell
  quote check and escape) and sending them. Both share the same 2 vCPUs, with the other work on the machine.
`
    : ""
}${
  busy
    ? `\n**The machine was busy with other work** (load average ${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end, on ${vcpus} vCPUs):
the figures above include waiting for a CPU, and vary from run to run with that load (see the runs above).`
    : ""
}`;

const target = (name: string, p95: number) =>
  name.startsWith("search")
    ? p95 < 50
      ? "✓ < 50 ms"
      : "✗ target 50 ms"
    : name.startsWith("first page")
      ? p95 < 30
        ? "✓ < 30 ms"
        : "✗ target 30 ms"
      : "";
writeSection(
  SCENARIO === "dense" ? "api-dense" : "api",
  `## API${SCENARIO === "dense" ? " — dense names (36 surnames × 30 first names, the worst case)" : " — realistic names"}

\`pnpm bench:api\`: the admin API over HTTP on loopback (one server process, pool of 10 connections), on
PostgreSQL ${version} (127.0.0.1, default settings) holding ${total.toLocaleString("en")} users (copy of the generator's
database, scenario ${SCENARIO}${copied ? "" : ", generated for this run"}). Tokens are ${API_TOKEN_ALG} JWTs signed with the server's SigningKey, verified on
every request. ${N} sequential requests per line after 5 warm-up requests (search terms in turn: ${TERMS.join(", ")}). Machine: ${machine()}.
Load average (1 min): ${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end. Date: ${new Date().toISOString().slice(0, 10)}.

| operation | p50 | p95 | target |
|---|---|---|---|
${results.map((r) => `| ${r.name} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${target(r.name, r.p95)} |`).join("\n")}

CSV export of one structure's sub-tree (${exportRows.toLocaleString("en")} rows, ${(bytes / 2 ** 20).toFixed(1)} MiB), streamed from one
server-side cursor, 2,000 rows per FETCH: **${exportSeconds.toFixed(2)} s** to the last byte (target < 3 s${exportSeconds < 3 ? " ✓" : " ✗"}); the process's resident memory went from
${(rssBefore / 2 ** 20).toFixed(0)} MiB to a peak of ${(peak / 2 ** 20).toFixed(0)} MiB while streaming (client and server in the same process).

${NOTES}
`,
);
console.log("BENCHMARKS.md: section API écrite");
