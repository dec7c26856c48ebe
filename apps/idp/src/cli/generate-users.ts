// pnpm db:generate-users -- --users 1000000 [--scenario realistic|dense] — a large directory for the benchmarks.
import { argValue, bootstrap } from "./bootstrap.js";
import { seed } from "../db/seed.js";
import { generateDirectory, SCENARIOS, type Scenario } from "../db/generate.js";

const users = Number(argValue("users", "10000"));
if (!Number.isInteger(users) || users <= 0) {
  console.error("--users doit être un entier positif");
  process.exit(2);
}
const scenario = argValue("scenario", "realistic") as Scenario;
if (!SCENARIOS.includes(scenario)) {
  console.error(`--scenario vaut ${SCENARIOS.join(" ou ")}`);
  process.exit(2);
}
const { config, db, box } = await bootstrap();
await seed(db.prisma, { publicUrl: config.PUBLIC_URL, demoRpUrl: config.DEMO_RP_URL, box });
const start = Date.now();
const r = await generateDirectory(db.pool, {
  users,
  scenario,
  onProgress: (n) => {
    if (n % 100_000 === 0 || n === users) process.stderr.write(`  ${n.toLocaleString("fr-FR")} utilisateurs…\n`);
  },
});
console.log(`${r.users} utilisateurs dans ${r.structures} structures en ${((Date.now() - start) / 1000).toFixed(1)} s`);
await db.close();
