// The running server sends its outbox (embedded default: .eml files) and, outside production, lists it at /dev/mails.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueMail } from "../../src/mail/outbox.js";
import { accountCreatedMail } from "../../src/mail/templates.js";
import { databaseKind } from "../support/database.js";
import { startTestServer, type TestServer } from "../support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MAIL_POLL_MS: "50" });
});
afterAll(async () => {
  await server?.stop();
});

describe(`le serveur et sa file de mails (${databaseKind})`, () => {
  it("le worker démarré avec le serveur écrit le mail en .eml sous DATA_DIR/mail, et /dev/mails le montre", async () => {
    const mail = accountCreatedMail(server.config, {
      email: "nouvel.agent@creteil.fr",
      identifiant: "nouvel.agent@creteil.fr",
      firstName: "Nouvel",
      lastName: "AGENT <b>",
    });
    const { id } = await enqueueMail(server.db.prisma, mail);
    const dir = path.join(server.config.DATA_DIR, "mail");
    const deadline = Date.now() + 10_000;
    while (!(fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith(`-${id}.eml`)))) {
      if (Date.now() > deadline) throw new Error("pas de fichier .eml");
      await new Promise((r) => setTimeout(r, 50));
    }
    const list = await fetch(`${server.url}/dev/mails`);
    expect(list.status).toBe(200);
    const body = await list.text();
    expect(body).toContain(`<a href="/dev/mails/${id}">[Portail des applications du CIG] Création de votre profil utilisateur</a>`);
    expect(body).toContain("nouvel.agent@creteil.fr");

    const one = await (await fetch(`${server.url}/dev/mails/${id}`)).text();
    expect(one).toContain("Bonjour Nouvel AGENT &lt;b&gt;,");
    expect(one).toContain("envoyé le");
    const htmlVersion = await fetch(`${server.url}/dev/mails/${id}/html`);
    expect(htmlVersion.headers.get("content-security-policy")).toMatch(/^sandbox/);
  });
});

describe("en production", () => {
  it("la page /dev/mails n'existe pas", async () => {
    const prod = await startTestServer({ NODE_ENV: "production" });
    try {
      const res = await fetch(`${prod.url}/dev/mails`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("Mails émis");
    } finally {
      await prod.stop();
    }
  });
});
