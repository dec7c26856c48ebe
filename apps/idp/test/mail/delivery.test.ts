// The outbox worker against a real SMTP server on loopback, on PGlite or PostgreSQL.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/database.js";
import { createLogger } from "../../src/lib/log.js";
import { enqueueMail } from "../../src/mail/outbox.js";
import { accountCreatedMail } from "../../src/mail/templates.js";
import { createTransport } from "../../src/mail/transport.js";
import { createMailWorker, retryDelay, type MailWorker, type WorkerOptions } from "../../src/mail/worker.js";
import { createTestDatabase, databaseKind } from "../support/database.js";
import { freePort } from "../support/server.js";
import { startSmtpSink } from "./smtp-sink.js";

const silent = createLogger("silent");
const fast = { pollMs: 20, retryBaseMs: 50, retryMaxMs: 200, maxAttempts: 50 };
const wonder = { email: "wonder.woman@yopmail.com", identifiant: "wonder.woman@yopmail.com", firstName: "Wonder", lastName: "WOMAN" };

let db: Database;
const cleanups: (() => Promise<unknown> | unknown)[] = [];
/** Workers of the running test, stopped after it so that they never take another test's mails. */
const workers: MailWorker[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "conv-mail-"));

beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await db?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function worker(smtpUrl: string | undefined, options: WorkerOptions = fast, dataDir = tmp): MailWorker {
  const config = loadConfig({ SMTP_URL: smtpUrl, DATA_DIR: dataDir });
  const w = createMailWorker(db, createTransport(config), silent, options);
  workers.push(w);
  return w;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`délai dépassé : ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const config = loadConfig({ PORTAL_URL: "https://auth.cig929394.fr" });

describe(`envoi des mails par la file d'attente (${databaseKind})`, () => {
  it("le mail de création de profil est remis au serveur SMTP avec le contenu du guide", async () => {
    const sink = await startSmtpSink();
    cleanups.push(() => sink.close());
    const { id } = await db.prisma.$transaction((tx) => enqueueMail(tx, accountCreatedMail(config, wonder)));
    worker(sink.url).start();
    const [mail] = await sink.waitFor(1);
    expect(mail!.subject).toBe("[Portail des applications du CIG] Création de votre profil utilisateur");
    expect(mail!.from?.text).toBe("ne-pas-repondre@cig929394.fr");
    expect(mail!.to && !Array.isArray(mail!.to) ? mail!.to.text : "").toBe("wonder.woman@yopmail.com");
    expect(mail!.text).toContain(
      "vient d'être créé avec cette adresse mél wonder.woman@yopmail.com et avec cet identifiant wonder.woman@yopmail.com.",
    );
    expect(mail!.text).toContain("« Première Visite »");
    expect(mail!.text).toContain("Avis de confidentialité");
    expect(mail!.html).toContain("<strong>wonder.woman@yopmail.com</strong>");
    expect(mail!.messageId).toBe(`<${id}@cig929394.fr>`);
    const row = await until("état SENT", async () => {
      const r = await db.prisma.mailOutbox.findUniqueOrThrow({ where: { id } });
      return r.status === "SENT" && r;
    });
    expect(row.attempts).toBe(1);
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it("un mail écrit dans une transaction annulée n'est jamais envoyé", async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await enqueueMail(tx, { ...accountCreatedMail(config, wonder), to: "annule@example.fr" });
        throw new Error("création refusée");
      }),
    ).rejects.toThrow("création refusée");
    expect(await db.prisma.mailOutbox.count({ where: { to: "annule@example.fr" } })).toBe(0);
  });

  it("serveur SMTP arrêté : le mail attend (PENDING, essais comptés) puis part quand le serveur revient", async () => {
    const port = await freePort();
    const { id } = await enqueueMail(db.prisma, { ...accountCreatedMail(config, wonder), to: "attente@example.fr" });
    worker(`smtp://127.0.0.1:${port}`).start();
    const waiting = await until("au moins 3 essais", async () => {
      const r = await db.prisma.mailOutbox.findUniqueOrThrow({ where: { id } });
      return r.attempts >= 3 && r;
    });
    expect(waiting.status).toBe("PENDING");
    expect(waiting.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(waiting.createdAt.getTime());

    const sink = await startSmtpSink(port);
    cleanups.push(() => sink.close());
    const [mail] = await sink.waitFor(1);
    expect(mail!.to && !Array.isArray(mail!.to) ? mail!.to.text : "").toBe("attente@example.fr");
    expect(mail!.subject).toBe("[Portail des applications du CIG] Création de votre profil utilisateur");
    const sent = await until("état SENT", async () => {
      const r = await db.prisma.mailOutbox.findUniqueOrThrow({ where: { id } });
      return r.status === "SENT" && r;
    });
    expect(sent.attempts).toBeGreaterThanOrEqual(waiting.attempts);
    expect(sent.lastError).toBeNull();
    expect(sink.received).toHaveLength(1);
  });

  it("chaque mail du lot part seul : un destinataire refusé ne retient pas les autres", async () => {
    const sink = await startSmtpSink(0, { refuse: (a) => a === "refuse@example.fr" });
    cleanups.push(() => sink.close());
    const recipients = ["lot-1@example.fr", "refuse@example.fr", "lot-2@example.fr", "lot-3@example.fr"];
    await db.prisma.mailOutbox.createMany({ data: recipients.map((to) => ({ ...accountCreatedMail(config, wonder), to })) });
    const w = worker(sink.url, { ...fast, retryBaseMs: 60_000, batchSize: 4 });
    expect(await w.runOnce()).toBe(4);
    const rows = await db.prisma.mailOutbox.findMany({ where: { to: { in: recipients } } });
    const by = new Map(rows.map((r) => [r.to, r]));
    for (const to of ["lot-1@example.fr", "lot-2@example.fr", "lot-3@example.fr"]) expect(by.get(to)?.status).toBe("SENT");
    expect(by.get("refuse@example.fr")).toMatchObject({ status: "PENDING", attempts: 1, lockedUntil: null });
    expect(by.get("refuse@example.fr")!.lastError).toMatch(/550|Boîte inconnue/);
    expect(sink.received.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : "")).sort()).toEqual([
      "lot-1@example.fr",
      "lot-2@example.fr",
      "lot-3@example.fr",
    ]);
  });

  it("après le nombre maximal d'essais le mail est marqué FAILED, et conservé", async () => {
    const port = await freePort();
    const { id } = await enqueueMail(db.prisma, { ...accountCreatedMail(config, wonder), to: "abandon@example.fr" });
    const w = worker(`smtp://127.0.0.1:${port}`, { ...fast, maxAttempts: 2 });
    w.start();
    const row = await until("état FAILED", async () => {
      const r = await db.prisma.mailOutbox.findUniqueOrThrow({ where: { id } });
      return r.status === "FAILED" && r;
    });
    expect(row.attempts).toBe(2);
    expect(row.lastError).toBeTruthy();
    await w.stop();
  });

  it("le délai entre deux essais double, jusqu'à un plafond", () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => retryDelay(n, 30_000, 3_600_000))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 3_600_000,
    ]);
    expect(retryDelay(1000, 30_000, 3_600_000)).toBe(3_600_000);
  });

  it("sans SMTP_URL (mode embarqué) le mail est écrit en .eml sous DATA_DIR/mail", async () => {
    const dataDir = fs.mkdtempSync(path.join(tmp, "embarque-"));
    const { id } = await enqueueMail(db.prisma, { ...accountCreatedMail(config, wonder), to: "eml@example.fr" });
    const w = worker(undefined, fast, dataDir);
    await until("état SENT", async () => {
      await w.runOnce();
      return (await db.prisma.mailOutbox.findUniqueOrThrow({ where: { id } })).status === "SENT";
    });
    const files = fs.readdirSync(path.join(dataDir, "mail"));
    const file = files.find((f) => f.endsWith(`-${id}.eml`));
    expect(file).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-.*\.eml$/);
    const { simpleParser } = await import("mailparser");
    const parsed = await simpleParser(fs.readFileSync(path.join(dataDir, "mail", file!)));
    expect(parsed.subject).toBe("[Portail des applications du CIG] Création de votre profil utilisateur");
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : "").toBe("eml@example.fr");
    expect(parsed.text).toContain("Ce message a été généré automatiquement. Merci de ne pas y répondre.");
  });

  it("deux instances sur la même base n'envoient jamais deux fois le même mail", async () => {
    const sink = await startSmtpSink();
    cleanups.push(() => sink.close());
    const count = 40;
    await db.prisma.mailOutbox.createMany({
      data: Array.from({ length: count }, (_, i) => ({ ...accountCreatedMail(config, wonder), to: `double-${i}@example.fr` })),
    });
    const options = { ...fast, pollMs: 5, batchSize: 3 };
    const a = worker(sink.url, options);
    const b = worker(sink.url, options);
    a.start();
    b.start();
    await sink.waitFor(count, 30_000);
    await until(
      "tous SENT",
      async () => (await db.prisma.mailOutbox.count({ where: { to: { startsWith: "double-" }, status: "SENT" } })) === count,
    );
    await new Promise((r) => setTimeout(r, 200)); // a duplicate would arrive now
    const recipients = sink.received.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : ""));
    expect(new Set(recipients).size).toBe(count);
    expect(recipients).toHaveLength(count);
    const rows = await db.prisma.mailOutbox.findMany({ where: { to: { startsWith: "double-" } } });
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });
});
