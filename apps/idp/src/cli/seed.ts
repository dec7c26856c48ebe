// pnpm db:seed — inserts whatever of the demo directory is missing; running it twice changes nothing.
import { bootstrap } from "./bootstrap.js";
import { seed } from "../db/seed.js";
import { DEMO_BIP_SECRET } from "../server.js";

const { config, db, box } = await bootstrap();
const r = await seed(db.prisma, {
  publicUrl: config.PUBLIC_URL,
  demoRpUrl: config.DEMO_RP_URL,
  box,
  clientSecrets: config.NODE_ENV === "production" ? undefined : { bip: DEMO_BIP_SECRET },
});
console.log(r.created ? "Annuaire de démonstration créé." : "Annuaire de démonstration déjà présent : rien n'a changé.");
await db.close();
