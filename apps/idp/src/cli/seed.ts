// pnpm db:seed — inserts whatever of the directory's seed is missing; running it twice changes nothing.
// What is seeded follows SEED as at start (seedScope): the demo directory on the embedded development
// default, only the initial administrator and console client anywhere else; SEED=demo asks for the demo.
import { bootstrap } from "./bootstrap.js";
import { demoClientSecrets, seed, seedScope } from "../db/seed.js";

const { config, db, box } = await bootstrap();
const scope = seedScope(config);
if (!scope) {
  console.log("SEED=never : rien n'est inséré.");
} else {
  const r = await seed(db.prisma, {
    publicUrl: config.PUBLIC_URL,
    demoRpUrl: config.DEMO_RP_URL,
    box,
    scope,
    clientSecrets: scope === "demo" ? demoClientSecrets(config) : undefined,
  });
  const what = scope === "demo" ? "Annuaire de démonstration" : "Annuaire initial (administrateur CIG et console AIA)";
  console.log(r.created ? `${what} créé.` : `${what} déjà présent : rien n'a changé.`);
}
await db.close();
