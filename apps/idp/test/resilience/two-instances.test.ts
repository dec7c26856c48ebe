// Deux instances sur une base (processus réels) : une connexion commencée sur l'une finit sur
// l'autre, la déconnexion sur l'une met fin à la session sur les deux, et une déconnexion
// back-channel que l'application n'a pas pu recevoir est retentée après le redémarrage du serveur
// (le travail est une ligne de la base, pas un minuteur en mémoire).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as oidc from "openid-client";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { createSecretBox } from "../../src/lib/secretbox.js";
import { userId } from "../../src/db/seed.js";
import type { Database } from "../../src/db/database.js";
import { Browser, backchannelReceiver, codeFlow, grantRole, registerClient, relyingParty, setPassword } from "../oidc/support.js";
import type { TestClient } from "../oidc/support.js";
import { freePort } from "../support/server.js";
import { clusterAvailable, startCluster, type Cluster } from "./cluster.js";
import { createDatabase, SECRET_KEY, startServerProcess, until, type ServerProcess } from "./support.js";

const box = createSecretBox(Buffer.from(SECRET_KEY, "hex"));
const EMAIL = "marc.lefebvre@montreuil.fr";

describe.skipIf(!clusterAvailable)("Deux instances, processus réels", () => {
  let cluster: Cluster;
  let db: Database;
  let dbUrl: string;
  let a: ServerProcess;
  let b: ServerProcess;
  let rp: TestClient;
  let receiver: Awaited<ReturnType<typeof backchannelReceiver>>;
  let issuer: string;
  let portA: number;

  beforeAll(async () => {
    cluster = await startCluster({ timezone: "'Europe/Paris'" });
    const created = await createDatabase(cluster, "deux");
    db = created.db;
    dbUrl = created.url;
    portA = await freePort();
    issuer = `http://127.0.0.1:${portA}`;
    // Behind one load balancer: one issuer (A's address), one SECRET_KEY.
    a = await startServerProcess({ databaseUrl: dbUrl, port: portA });
    b = await startServerProcess({ databaseUrl: dbUrl, publicUrl: issuer });
    receiver = await backchannelReceiver();
    rp = await registerClient(db.prisma, box, { code: "rp-deux-proc", roles: ["agent"], backchannelLogoutUri: receiver.uri });
    await setPassword(db.prisma, EMAIL);
    await grantRole(db.prisma, EMAIL, rp, "agent");
  }, 120_000);

  afterAll(async () => {
    await a?.kill("SIGKILL");
    await b?.kill("SIGKILL");
    await receiver?.down();
    await db?.close();
    await cluster?.destroy();
  });

  /** The relying party talking to instance `to` instead of the issuer's address. */
  async function rpVia(to: ServerProcess) {
    const config = await relyingParty(issuer, rp);
    config[oidc.customFetch] = (url, options) => fetch(url.replace(issuer, to.url), options as RequestInit);
    return config;
  }

  /** A browser whose requests to the issuer go to `to`. */
  function browserVia(browser: Browser, to: () => ServerProcess) {
    const request = browser.request.bind(browser);
    browser.request = (url, init) => request(String(url).replace(issuer, to().url), init);
    return browser;
  }

  /** RP-initiated logout in the browser: the confirmation page, then « Me déconnecter ». */
  async function logout(browser: Browser, config: oidc.Configuration, idToken: string) {
    const end = oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: `http://127.0.0.1:9/${rp.clientId}/` });
    const confirm = await browser.navigate(end);
    expect(confirm.body).toContain("Souhaitez-vous vraiment vous déconnecter");
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(confirm.body)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1]!;
    const done = await browser.navigate(new URL(action, confirm.url), {
      form: { xsrf, logout: "yes" },
      stopAt: `http://127.0.0.1:9/${rp.clientId}/`,
    });
    expect(done.stoppedAt?.href).toBe(`http://127.0.0.1:9/${rp.clientId}/`);
  }

  it("connexion croisée : la page de connexion vient de A, le formulaire est envoyé à B, le code échangé sur B ; la déconnexion sur B met fin à la session sur A", async () => {
    // Every request alternates between the instances, as a round-robin load balancer would.
    let n = 0;
    const browser = browserVia(new Browser(), () => (n++ % 2 ? b : a));
    const { tokens } = await codeFlow(await rpVia(b), browser, rp, { email: EMAIL });
    expect(tokens?.claims()?.sub).toBe(userId(EMAIL));
    expect(n).toBeGreaterThanOrEqual(4);
    const refreshed = await oidc.refreshTokenGrant(await rpVia(a), tokens!.refresh_token!);
    const before = receiver.received.length;

    await logout(
      browserVia(browser, () => b),
      await rpVia(b),
      refreshed.id_token!,
    );
    // The session is gone for A too: its portal asks to sign in, its token endpoint refuses the refresh token.
    const portal = await browserVia(browser, () => a).navigate(`${issuer}/`);
    expect(portal.body).toContain("Se connecter");
    expect(portal.body).not.toContain("LEFEBVRE");
    await expect(oidc.refreshTokenGrant(await rpVia(a), refreshed.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
    await until("déconnexion back-channel reçue", async () => receiver.received.length > before, 20_000);
    const { payload } = await jwtVerify(receiver.received[before]!, createRemoteJWKSet(new URL(`${a.url}/jwks`)), {
      issuer,
      audience: rp.clientId,
    });
    expect(payload.sub).toBe(userId(EMAIL));
  });

  it("l'application injoignable à la déconnexion : le travail est gardé en base, les serveurs tués, il part au redémarrage", async () => {
    const browser = browserVia(new Browser(), () => a);
    const { tokens } = await codeFlow(await rpVia(a), browser, rp, { email: EMAIL });
    await receiver.down();
    const before = receiver.received.length;
    await logout(browser, await rpVia(a), tokens!.id_token!);
    const job = await until("un essai en échec", async () => {
      const row = await db.prisma.backchannelJob.findFirst({ where: { clientId: rp.clientId, sub: userId(EMAIL) } });
      return row && row.attempts >= 1 && row.lastError ? row : null;
    });
    expect(job).toMatchObject({ status: "PENDING", url: receiver.uri, sid: tokens!.claims()!.sid });
    // Both instances die (nothing in memory survives); the application comes back; one instance restarts.
    await a.kill("SIGKILL");
    await b.kill("SIGKILL");
    await receiver.up();
    const restartedAt = Date.now();
    a = await startServerProcess({ databaseUrl: dbUrl, port: portA });
    await until("déconnexion back-channel remise après le redémarrage", async () => receiver.received.length > before, 30_000);
    const { payload } = await jwtVerify(receiver.received[before]!, createRemoteJWKSet(new URL(`${a.url}/jwks`)), {
      issuer,
      audience: rp.clientId,
    });
    expect(payload).toMatchObject({ sub: userId(EMAIL), sid: tokens!.claims()!.sid });
    // A fresh logout token for the late attempt (they live 2 minutes), and the job is done.
    expect(payload.iat! * 1000).toBeGreaterThanOrEqual(restartedAt - 1000);
    await until("travail terminé", async () => (await db.prisma.backchannelJob.count({ where: { id: job.id } })) === 0);
  });
});
