// PostgreSQL redémarré puis arrêté ~10 s sous une charge bornée : le serveur ne tombe jamais, ne
// répond que 503 (avec Retry-After) pendant la coupure, retrouve un service complet moins de 2 s
// après le retour de la base, et ne perd aucune écriture qu'il a confirmée.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox } from "../../src/lib/secretbox.js";
import { structureId } from "../../src/db/seed.js";
import type { Database } from "../../src/db/database.js";
import { Browser, codeFlow, grantRole, registerClient, relyingParty, setPassword, type TestClient } from "../oidc/support.js";
import { clusterAvailable, startCluster, type Cluster } from "./cluster.js";
import { boundedLoad, createDatabase, SECRET_KEY, sleep, startServerProcess, tally, type Outcome, type ServerProcess } from "./support.js";

const box = createSecretBox(Buffer.from(SECRET_KEY, "hex"));
const EMAIL = "marc.lefebvre@montreuil.fr";
const SERVICE = structureId("94-lhay-les-roses-dg-rh-paie");
/** Full service is due this long after the database is back. */
const RECOVERY_MS = 2_000;

describe.skipIf(!clusterAvailable)("Coupure de la base de données sous charge", () => {
  let cluster: Cluster;
  let db: Database;
  let server: ServerProcess;
  let backOffice: TestClient;
  let rp: TestClient;
  let portalBrowser: Browser;
  let apiToken: string;

  beforeAll(async () => {
    // The session time zone is not UTC: nothing may depend on it (timestamptz).
    cluster = await startCluster({ timezone: "'Europe/Paris'" });
    const created = await createDatabase(cluster, "coupure");
    db = created.db;
    server = await startServerProcess({ databaseUrl: created.url });
    backOffice = await registerClient(db.prisma, box, {
      code: "cig-backoffice-coupure",
      scopes: ["aia:admin"],
      grantTypes: ["client_credentials"],
    });
    rp = await registerClient(db.prisma, box, { code: "rp-coupure", roles: ["agent"] });
    await setPassword(db.prisma, EMAIL);
    await grantRole(db.prisma, EMAIL, rp, "agent");
    portalBrowser = new Browser();
    const signedIn = await codeFlow(await relyingParty(server.url, rp), portalBrowser, rp, { email: EMAIL });
    expect(signedIn.tokens?.access_token).toBeTruthy();
    const t = await tokenRequest();
    expect(t.status).toBe(200);
    apiToken = t.body.access_token;
  }, 120_000);

  afterAll(async () => {
    await server?.kill("SIGTERM");
    await db?.close();
    await cluster?.destroy();
  });

  async function tokenRequest() {
    const res = await fetch(`${server.url}/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${backOffice.clientId}:${backOffice.secret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: "aia:admin", resource: `${server.url}/api/v1` }),
    });
    return { status: res.status, body: (await res.json()) as any, retryAfter: res.headers.get("retry-after") };
  }

  const created: string[] = [];
  const confirmed = new Set<string>();

  /** One request of the mix: API read, API write, token endpoint, portal (signed in), authorization endpoint. */
  async function request(i: number): Promise<Omit<Outcome, "at" | "end">> {
    const kind = i % 5;
    if (kind === 0 || kind === 1) {
      const email = `charge-${i}-${crypto.randomBytes(3).toString("hex")}@lhaylesroses.fr`;
      const write = kind === 1;
      const res = await fetch(`${server.url}/api/v1/users${write ? "" : "?q=martin&pageSize=5"}`, {
        method: write ? "POST" : "GET",
        headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
        body: write ? JSON.stringify({ email, lastName: "CHARGE", firstName: `Essai ${i}`, structureId: SERVICE }) : undefined,
      });
      const body = (await res.json()) as { code?: string };
      if (write) created.push(email);
      if (write && res.status === 201) confirmed.add(email);
      return {
        status: res.status,
        what: `api ${res.headers.get("content-type")} ${body.code ?? ""}`,
        retryAfter: res.headers.get("retry-after"),
      };
    }
    if (kind === 2) {
      const t = await tokenRequest();
      return { status: t.status, what: `token ${t.body.error ?? ""}`, retryAfter: t.retryAfter };
    }
    if (kind === 3) {
      const res = await portalBrowser.request(`${server.url}/`);
      const text = await res.text();
      const ok = res.status === 200 ? text.includes("Marc LEFEBVRE") : text.includes("Service momentanément indisponible");
      return { status: res.status, what: `portail ${ok ? "" : "page inattendue"}`, retryAfter: res.headers.get("retry-after") };
    }
    const state = crypto.randomBytes(8).toString("hex");
    const url = `${server.url}/auth?client_id=${rp.clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(rp.redirectUri)}&state=${state}&code_challenge=${"a".repeat(43)}&code_challenge_method=S256`;
    const res = await fetch(url, { redirect: "manual", headers: { accept: "text/html" } });
    const location = res.headers.get("location") ?? "";
    await res.body?.cancel();
    // The provider either starts the interaction, or (database away) sends the application the standard error.
    if (res.status === 303 && location.startsWith("/interaction/")) return { status: 200, what: "auth interaction" };
    if (
      res.status === 303 &&
      location.startsWith(rp.redirectUri) &&
      new URL(location).searchParams.get("error") === "temporarily_unavailable"
    ) {
      return { status: 503, what: "auth temporarily_unavailable (redirection)", retryAfter: "redirect" };
    }
    return { status: res.status, what: `auth ${location}`, retryAfter: res.headers.get("retry-after") };
  }

  /** The server's log lines about the outage, as an operator reads them (a few). */
  const operatorView = () =>
    [
      ...new Set(
        server
          .output()
          .split("\n")
          .filter((l) => /injoignable|de retour/.test(l))
          .map((l) => l.replace(/"time":"[^"]+",|"requestId":"[^"]+",/g, "")),
      ),
    ].slice(0, 4);

  const ok = (o: Outcome) => o.status === 200 || o.status === 201;

  /** Runs `fault` under load; returns the outcomes and when the database came back (ms since the load started). */
  async function underLoad(fault: (load: { elapsed(): number }) => Promise<number>) {
    const load = boundedLoad(4, 20, request);
    await sleep(1_500);
    const downAt = load.elapsed();
    const backAt = await fault(load);
    await sleep(RECOVERY_MS + 2_000);
    const outcomes = await load.stop();
    return { outcomes, downAt, backAt };
  }

  function judge({ outcomes, downAt, backAt }: { outcomes: Outcome[]; downAt: number; backAt: number }) {
    const statuses = tally(outcomes);
    // Answered before the fault began / sent once full service is due.
    const before = outcomes.filter((o) => o.end < downAt);
    const after = outcomes.filter((o) => o.at > backAt + RECOVERY_MS);
    const unavailable = outcomes.filter((o) => o.status === 503);
    return {
      statuses,
      // Only success or 503, never a 500 nor a dropped connection.
      others: outcomes.filter((o) => !ok(o) && o.status !== 503),
      unavailableWithoutRetryAfter: unavailable.filter((o) => !o.retryAfter),
      unexpectedPages: outcomes.filter((o) => o.what?.includes("page inattendue")),
      failuresBefore: before.filter((o) => !ok(o)),
      failuresAfterRecovery: after.filter((o) => !ok(o)),
      unavailable: unavailable.length,
      afterRecovery: after.length,
      // From the database's return to the last refused answer (ms): how long the service took to come back.
      backAfterMs: Math.max(0, ...outcomes.filter((o) => !ok(o)).map((o) => o.end)) - backAt,
    };
  }

  it("redémarrage de PostgreSQL (pg_ctl restart -m fast) : 503 pendant la coupure, service complet 2 s après", async () => {
    const run = await underLoad(async (load) => {
      await cluster.restart();
      return load.elapsed();
    });
    const j = judge(run);
    console.info("redémarrage", { ...j.statuses, coupureMs: run.backAt - run.downAt, dernier503AprèsRetourMs: j.backAfterMs });
    console.info("ce que voit l'exploitant", operatorView());
    expect(server.alive()).toBe(true);
    expect(j.others).toEqual([]);
    expect(j.unavailableWithoutRetryAfter).toEqual([]);
    expect(j.unexpectedPages).toEqual([]);
    expect(j.failuresBefore).toEqual([]);
    expect(j.afterRecovery).toBeGreaterThan(5);
    expect(j.failuresAfterRecovery).toEqual([]);
  });

  it("PostgreSQL arrêté 10 s : 503 problem+json, temporarily_unavailable, page 503 en français ; service complet 2 s après son retour", async () => {
    const run = await underLoad(async (load) => {
      await cluster.stop();
      await sleep(10_000);
      await cluster.start();
      return load.elapsed();
    });
    const j = judge(run);
    console.info("arrêt 10 s", { ...j.statuses, coupureMs: run.backAt - run.downAt, dernier503AprèsRetourMs: j.backAfterMs });
    expect(server.alive()).toBe(true);
    expect(j.others).toEqual([]);
    expect(j.unavailableWithoutRetryAfter).toEqual([]);
    expect(j.unexpectedPages).toEqual([]);
    expect(j.failuresBefore).toEqual([]);
    expect(j.unavailable).toBeGreaterThan(20);
    expect(j.afterRecovery).toBeGreaterThan(5);
    expect(j.failuresAfterRecovery).toEqual([]);
    // Each kind of entry point said "unavailable" in its own way.
    const during = run.outcomes.filter((o) => o.status === 503).map((o) => o.what);
    expect(during).toContain("api application/problem+json SERVICE_UNAVAILABLE");
    expect(during).toContain("token temporarily_unavailable");
    expect(during).toContain("portail ");
  });

  it("aucune écriture confirmée n'est perdue ; chaque utilisateur créé a son mail", async () => {
    expect(confirmed.size).toBeGreaterThan(10);
    const users = await db.prisma.user.findMany({ where: { email: { in: created } }, select: { email: true } });
    const stored = new Set(users.map((u) => u.email));
    expect([...confirmed].filter((e) => !stored.has(e))).toEqual([]);
    const mails = await db.prisma.mailOutbox.findMany({ where: { to: { in: created } }, select: { to: true } });
    const withMail = new Set(mails.map((m) => m.to));
    expect([...stored].filter((e) => !withMail.has(e))).toEqual([]);
    // An answer lost with the connection may hide a creation (503 after commit): it is stored whole.
    console.info("écritures", { envoyées: created.length, confirmées: confirmed.size, enregistrées: stored.size });
  });
});
