// What an empty directory receives at start (SEED), and the production rule: a production directory
// starts with its CIG administrator only, and never with the demo client's public secret.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig, rememberPublicUrl, withRememberedPublicUrl } from "../../src/config.js";
import { demoClientSecrets, seedScope } from "../../src/db/seed.js";
import { DEMO_BIP_SECRET } from "../../src/db/seed-data.js";
import { startTestServer, type TestServer } from "../support/server.js";

describe("Amorçage de l'annuaire (SEED)", () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  it("choisit l'annuaire de démonstration sur la base embarquée de développement, l'annuaire initial dès que la configuration est celle de la production", () => {
    const pg = "postgresql://postgres@127.0.0.1:5432/x";
    expect(seedScope(loadConfig({}))).toBe("demo");
    expect(seedScope(loadConfig({ DATABASE_URL: pg }))).toBe("initial");
    expect(seedScope(loadConfig({ NODE_ENV: "production" }))).toBe("initial");
    expect(seedScope(loadConfig({ DATABASE_URL: pg, SEED: "demo" }))).toBe("demo");
    expect(seedScope(loadConfig({ SEED: "never" }))).toBeNull();
    // The public demo secret: on the embedded development default only.
    expect(demoClientSecrets(loadConfig({}))).toEqual({ bip: DEMO_BIP_SECRET });
    expect(demoClientSecrets(loadConfig({ DATABASE_URL: pg }))).toBeUndefined();
    expect(demoClientSecrets(loadConfig({ NODE_ENV: "production" }))).toBeUndefined();
    expect(() => loadConfig({ SEED: "tout" })).toThrow(/SEED vaut auto, demo, initial ou never/);
  });

  it("en production, l'annuaire démarre vide : la structure CIG, son administrateur et le client de la console AIA, rien d'autre", async () => {
    const s = await startTestServer({ NODE_ENV: "production" });
    servers.push(s);
    const users = await s.db.prisma.user.findMany({ include: { mandates: true } });
    expect(users.map((u) => u.email)).toEqual(["correspondantcig@cig929394.fr"]);
    expect(users[0]!.mandates.map((m) => m.kind)).toEqual(["CIG_ADMIN"]);
    expect((await s.db.prisma.structure.findMany()).map((x) => x.code)).toEqual(["cig-pc"]);
    const apps = await s.db.prisma.application.findMany();
    expect(apps.map((a) => a.clientId)).toEqual(["aia-console"]);
    // No development callback (Vite on localhost:5173) in a production client.
    expect(apps[0]!.redirectUris).toEqual([`${s.config.PUBLIC_URL}/aia/callback`]);
    expect(await s.db.prisma.roleAssignment.count()).toBe(0);
  }, 240_000);

  it("SEED=demo en production donne l'annuaire de démonstration, mais jamais le secret public du client BIP de démonstration", async () => {
    const s = await startTestServer({ NODE_ENV: "production", SEED: "demo" });
    servers.push(s);
    expect(await s.db.prisma.user.count()).toBeGreaterThan(5);
    const bip = await s.db.prisma.application.findUniqueOrThrow({ where: { clientId: "bip" } });
    const secret = s.box.open(bip.clientSecretEncrypted!);
    expect(secret).not.toBe(DEMO_BIP_SECRET);
    expect(secret.length).toBeGreaterThanOrEqual(40);
  }, 240_000);
});

describe("Adresse publique retenue pour les commandes", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conv-remember-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("pnpm admin:link donne un lien sur l'adresse du serveur démarré avec PORT=4000, sans qu'on la lui répète", () => {
    rememberPublicUrl(loadConfig({ PORT: "4000", DATA_DIR: dir }));
    const later = withRememberedPublicUrl(loadConfig({ DATA_DIR: dir }), { DATA_DIR: dir });
    expect(later.PUBLIC_URL).toBe("http://localhost:4000");
    expect(later.PORTAL_URL).toBe("http://localhost:4000");
    // An address given to the command itself wins.
    const explicit = { DATA_DIR: dir, PUBLIC_URL: "https://auth.cig929394.fr" };
    expect(withRememberedPublicUrl(loadConfig(explicit), explicit).PUBLIC_URL).toBe("https://auth.cig929394.fr");
  });
});
