// pnpm bench:generate [-- --users 1000000] — loads a large directory into a fresh PostgreSQL database
// and records the time and the database size in BENCHMARKS.md ("Generator").
// BENCH_DATABASE_URL: the server to use (default postgresql://postgres@127.0.0.1:5432/postgres).
import pg from "pg";
import { connect } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { seed } from "../src/db/seed.js";
import { generateDirectory } from "../src/db/generate.js";
import { createSecretBox } from "../src/lib/secretbox.js";
import { argValue } from "../src/cli/bootstrap.js";
import { machine, writeSection } from "./report.js";

const users = Number(argValue("users", "1000000"));
const admin = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const name = argValue("database", "conv_bench_directory")!;
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
await seed(db.prisma, { publicUrl: "http://localhost:3000", demoRpUrl: "http://localhost:3001", box: createSecretBox(Buffer.alloc(32, 1)) });

const t0 = Date.now();
const r = await generateDirectory(db.pool, {
  users,
  onProgress: (n) => n % 100_000 === 0 && process.stderr.write(`${n} users, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`),
});
const loadSeconds = (Date.now() - t0) / 1000;
const t1 = Date.now();
await db.pool.query("VACUUM ANALYZE");
const analyzeSeconds = (Date.now() - t1) / 1000;
const size = (await db.pool.query(`SELECT pg_database_size(current_database()) AS b, pg_size_pretty(pg_database_size(current_database())) AS p`)).rows[0];
const userTable = (await db.pool.query(`SELECT pg_size_pretty(pg_total_relation_size('"User"')) AS p`)).rows[0].p;
const counts = (await db.pool.query(`SELECT (SELECT count(*) FROM "User") AS u, (SELECT count(*) FROM "Structure") AS s, (SELECT count(*) FROM "RoleAssignment") AS a`)).rows[0];
await db.close();

const line = `| ${new Date().toISOString().slice(0, 10)} | ${Number(counts.u).toLocaleString("en")} | ${counts.s} | ${Number(counts.a).toLocaleString("en")} | ${loadSeconds.toFixed(1)} s | ${analyzeSeconds.toFixed(1)} s | ${size.p} | ${userTable} |`;
writeSection(
  "generator",
  `## Generator: a large directory in PostgreSQL

\`pnpm bench:generate -- --users ${users}\`: a fresh database on PostgreSQL ${version} (127.0.0.1, default
settings), migrations + seed, then \`generateDirectory\` (apps/idp/src/db/generate.ts): ${r.bodies} generated
collectivités × 2 directions × 2 services, users in batches of 10,000 rows sent as one
\`INSERT … SELECT FROM unnest(…)\` each, with every index (including the trigram GIN index on
\`searchText\`) maintained during the load; one user in three gets a role. Then \`VACUUM ANALYZE\`.
Machine: ${machine()}.

| date | users | structures | role assignments | load | vacuum analyze | database size | User table + indexes |
|---|---|---|---|---|---|---|---|
${line}
`,
);
console.log(line);
