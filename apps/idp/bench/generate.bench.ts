// pnpm bench:generate [-- --users 1000000 --scenario realistic|dense] — loads a large directory into a
// fresh PostgreSQL database (conv_bench_directory, or conv_bench_directory_dense for the dense names)
// and records the time and the database size in BENCHMARKS.md ("Generator"), one row per scenario.
// BENCH_DATABASE_URL: the server to use (default postgresql://postgres@127.0.0.1:5432/postgres).
import os from "node:os";
import pg from "pg";
import { connect } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { seed } from "../src/db/seed.js";
import { generateDirectory, SCENARIOS, type Scenario } from "../src/db/generate.js";
import { BENCHMARKS } from "./report.js";
import fs from "node:fs";
import { createSecretBox } from "../src/lib/secretbox.js";
import { argValue } from "../src/cli/bootstrap.js";
import { machine, writeSection } from "./report.js";

const users = Number(argValue("users", "1000000"));
const admin = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const scenario = argValue("scenario", "realistic") as Scenario;
if (!SCENARIOS.includes(scenario)) throw new Error(`--scenario : ${SCENARIOS.join(", ")}`);
const name = argValue("database", scenario === "dense" ? "conv_bench_directory_dense" : "conv_bench_directory")!;
const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await c.query(`CREATE DATABASE "${name}"`);
const version = (await c.query("SHOW server_version")).rows[0].server_version;
await c.end();
const url = new URL(admin);
url.pathname = "/" + name;
const db = connect(url.toString(), 4);
await migrate(db.pool);
await seed(db.prisma, {
  publicUrl: "http://localhost:3000",
  demoRpUrl: "http://localhost:3001",
  box: createSecretBox(Buffer.alloc(32, 1)),
});

const t0 = Date.now();
const r = await generateDirectory(db.pool, {
  users,
  scenario,
  onProgress: (n) => n % 100_000 === 0 && process.stderr.write(`${n} users, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`),
});
const loadSeconds = (Date.now() - t0) / 1000;
const t1 = Date.now();
await db.pool.query("VACUUM ANALYZE");
const analyzeSeconds = (Date.now() - t1) / 1000;
const size = (
  await db.pool.query(`SELECT pg_database_size(current_database()) AS b, pg_size_pretty(pg_database_size(current_database())) AS p`)
).rows[0];
const userTable = (await db.pool.query(`SELECT pg_size_pretty(pg_total_relation_size('"User"')) AS p`)).rows[0].p;
const counts = (
  await db.pool.query(`SELECT (SELECT count(*) FROM "User") AS u, (SELECT count(*) FROM "Structure") AS s, (SELECT count(*) FROM "RoleAssignment") AS a,
  (SELECT count(DISTINCT "lastName") FROM "User") AS ln, (SELECT count(DISTINCT "firstName") FROM "User") AS fn`)
).rows[0];
// How many people a 3-letter search matches, for a few terms (what the search has to sort).
const TERMS = ["mar", "ber", "dur", "ngu", "sil", "lef", "cam", "sop"];
const matches: string[] = [];
for (const t of TERMS)
  matches.push(
    `${t} ${Number((await db.pool.query(`SELECT count(*) AS n FROM "User" WHERE "searchText" LIKE $1`, [`%${t}%`])).rows[0].n).toLocaleString("en")}`,
  );
await db.close();

const line = `| ${scenario} | ${new Date().toISOString().slice(0, 10)} | ${Number(counts.u).toLocaleString("en")} | ${Number(counts.ln).toLocaleString("en")} × ${Number(counts.fn).toLocaleString("en")} | ${counts.s} | ${Number(counts.a).toLocaleString("en")} | ${loadSeconds.toFixed(1)} s | ${analyzeSeconds.toFixed(1)} s | ${size.p} | ${userTable} | ${matches.join(", ")} |`;
// Keep the other scenario's row of the previous run.
const previous = fs.existsSync(BENCHMARKS)
  ? (/<!-- section:generator -->[\s\S]*?<!-- \/section:generator -->/.exec(fs.readFileSync(BENCHMARKS, "utf8"))?.[0] ?? "")
  : "";
const others = previous.split("\n").filter((l) => SCENARIOS.some((sc) => sc !== scenario && l.startsWith(`| ${sc} |`)));
writeSection(
  "generator",
  `## Generator: a large directory in PostgreSQL

\`pnpm bench:generate -- --users ${users} --scenario <scenario>\`: a fresh database on PostgreSQL ${version} (127.0.0.1, default
settings), migrations + seed, then \`generateDirectory\` (apps/idp/src/db/generate.ts): ${r.bodies} generated
collectivités × 2 directions × 2 services, users in batches of 10,000 rows sent as one
\`INSERT … SELECT FROM unnest(…)\` each, with every index (including the trigram GIN index on
\`searchText\`) maintained during the load; one user in three gets a role. Then \`VACUUM ANALYZE\`.
Machine: ${machine()}. Load average (1 min) when this row was written: ${os.loadavg()[0]!.toFixed(1)}.

Scenarios of names: **realistic** (default) — thousands of surnames and first names (@faker-js/faker's
lists of the origins common in Île-de-France) drawn with a Zipf–Mandelbrot frequency, 4% double
surnames, 5% compound first names, accents (apps/idp/src/db/names.ts); **dense** — the former
36 surnames × 30 first names in turn, kept as the worst case for a search sorted by name.

| scenario | date | users | distinct surnames × first names | structures | role assignments | load | vacuum analyze | database size | User table + indexes | people matching a 3-letter search |
|---|---|---|---|---|---|---|---|---|---|---|
${[...others, line].sort().join("\n")}
`,
);
console.log(line);
