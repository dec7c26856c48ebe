// Le serveur SMTP arrêté puis relancé, puis le processus du serveur tué (SIGKILL) au milieu de
// créations d'utilisateurs : chaque mail finit remis, les doublons sont comptés et restent dans la
// borne annoncée, et aucun utilisateur n'est à moitié créé (un compte ⇔ son mail dans la file).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ParsedMail } from "mailparser";
import { createSecretBox } from "../../src/lib/secretbox.js";
import { structureId } from "../../src/db/seed.js";
import type { Database } from "../../src/db/database.js";
import { registerClient, type TestClient } from "../oidc/support.js";
import { startSmtpSink, type SmtpSink } from "../mail/smtp-sink.js";
import { freePort } from "../support/server.js";
import { clusterAvailable, startCluster, type Cluster } from "./cluster.js";
import {
  adminApiToken,
  boundedLoad,
  createDatabase,
  createUser,
  SECRET_KEY,
  sleep,
  startServerProcess,
  until,
  type ServerProcess,
} from "./support.js";

const box = createSecretBox(Buffer.from(SECRET_KEY, "hex"));
const SERVICE = structureId("94-lhay-les-roses-dg-rh-paie");
/** Rows a worker claims at once (the default batch): the most that can be sent and unmarked at a kill. */
const DUPLICATE_BOUND_AT_KILL = 5;

const recipient = (m: ParsedMail) => (m.to && !Array.isArray(m.to) ? (m.to.value[0]?.address ?? "") : "");

describe.skipIf(!clusterAvailable)("Serveur SMTP coupé, processus tué", () => {
  let cluster: Cluster;
  let db: Database;
  let dbUrl: string;
  let smtpPort: number;
  let sink: SmtpSink | undefined;
  let server: ServerProcess;
  let backOffice: TestClient;
  const env = () => ({
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_POLL_MS: "200",
    MAIL_RETRY_BASE_MS: "300",
    MAIL_RETRY_MAX_MS: "1500",
    MAIL_LEASE_MS: "5000",
    MAIL_MAX_ATTEMPTS: "1000",
  });
  /** Every message received by any incarnation of the sink. */
  const received: ParsedMail[] = [];

  async function sinkUp() {
    sink = await startSmtpSink(smtpPort);
    const s = sink;
    const push = s.received.push.bind(s.received);
    s.received.push = (...m: ParsedMail[]) => (received.push(...m), push(...m));
  }

  beforeAll(async () => {
    cluster = await startCluster({ timezone: "'Europe/Paris'" });
    const created = await createDatabase(cluster, "mails");
    db = created.db;
    dbUrl = created.url;
    smtpPort = await freePort();
    await sinkUp();
    server = await startServerProcess({ databaseUrl: dbUrl, env: env() });
    backOffice = await registerClient(db.prisma, box, {
      code: "cig-backoffice-mails",
      scopes: ["aia:admin"],
      grantTypes: ["client_credentials"],
    });
  }, 120_000);

  afterAll(async () => {
    await server?.kill("SIGKILL");
    await sink?.close();
    await db?.close();
    await cluster?.destroy();
  });

  it("SMTP arrêté pendant 20 créations, puis relancé : chaque mail est remis une fois, avec son Message-ID", async () => {
    const token = await adminApiToken(server.url, backOffice);
    await sink!.close();
    const emails = Array.from({ length: 20 }, (_, i) => `smtp-coupe-${i}@lhaylesroses.fr`);
    for (const e of emails) expect(await createUser(server.url, token, e, SERVICE)).toBe(201);
    // The worker tries, fails, and keeps the mails (PENDING, attempts counted).
    await until(
      "des essais en échec",
      async () =>
        (await db.prisma.mailOutbox.count({ where: { to: { in: emails }, attempts: { gte: 2 }, status: "PENDING" } })) === emails.length,
    );
    await sinkUp();
    await until("20 mails remis", async () => emails.every((e) => received.some((m) => recipient(m) === e)), 30_000);
    await until(
      "tous SENT",
      async () => (await db.prisma.mailOutbox.count({ where: { to: { in: emails }, status: "SENT" } })) === emails.length,
    );
    await sleep(1_000); // a duplicate would arrive now
    const mine = received.filter((m) => emails.includes(recipient(m)));
    const ids = mine.map((m) => m.messageId);
    const rows = await db.prisma.mailOutbox.findMany({ where: { to: { in: emails } }, select: { id: true } });
    expect(new Set(ids)).toEqual(new Set(rows.map((r) => `<${r.id}@cig929394.fr>`)));
    console.info("SMTP coupé", { mails: emails.length, reçus: mine.length, doublons: mine.length - new Set(ids).size });
    // SMTP down is not a case where a duplicate may happen (nothing was accepted).
    expect(mine).toHaveLength(emails.length);
  });

  it("SIGKILL pendant des créations : aucun utilisateur à moitié créé, aucun mail orphelin, chaque mail remis après redémarrage", async () => {
    const token = await adminApiToken(server.url, backOffice);
    const confirmed: string[] = [];
    const load = boundedLoad(3, 0, async (i) => {
      const email = `tue-${i}@lhaylesroses.fr`;
      const status = await createUser(server.url, token, email, SERVICE);
      if (status === 201) confirmed.push(email);
      return { status };
    });
    await until("des créations", async () => confirmed.length >= 15, 60_000);
    await server.kill("SIGKILL");
    const outcomes = await load.stop();
    expect((await server.exited).signal).toBe("SIGKILL");

    // Every account has its mail in the outbox, every mail its account; every confirmed one exists.
    const users = await db.prisma.user.findMany({ where: { email: { startsWith: "tue-" } }, select: { email: true, structureId: true } });
    const mails = await db.prisma.mailOutbox.findMany({ where: { to: { startsWith: "tue-" } }, select: { to: true } });
    const userSet = new Set(users.map((u) => u.email));
    expect([...userSet].sort()).toEqual([...new Set(mails.map((m) => m.to))].sort());
    expect(mails).toHaveLength(users.length);
    expect(confirmed.filter((e) => !userSet.has(e))).toEqual([]);
    expect(users.every((u) => u.structureId === SERVICE)).toBe(true);

    server = await startServerProcess({ databaseUrl: dbUrl, env: env() });
    await until("chaque mail remis", async () => [...userSet].every((e) => received.some((m) => recipient(m) === e)), 60_000);
    await until(
      "tous SENT",
      async () => (await db.prisma.mailOutbox.count({ where: { to: { startsWith: "tue-" }, status: { not: "SENT" } } })) === 0,
      30_000,
    );
    const mine = received.filter((m) => recipient(m).startsWith("tue-"));
    const duplicates = mine.length - new Set(mine.map((m) => m.messageId)).size;
    console.info("SIGKILL", {
      requêtes: outcomes.length,
      confirmées: confirmed.length,
      comptes: users.length,
      reçus: mine.length,
      doublons: duplicates,
    });
    expect(duplicates).toBeLessThanOrEqual(DUPLICATE_BOUND_AT_KILL);
  });
});
