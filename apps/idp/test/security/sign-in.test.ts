// Sécurité de la connexion, vue de l'extérieur : des mots de passe faux envoyés en même temps (sur
// une instance, puis répartis sur deux instances d'une même base) ne sont pas plus vérifiés que
// des essais successifs ; PKCE est exigé de tout client, même confidentiel ; et rien, ni la réponse
// ni le travail fait (donc le temps), ne distingue une adresse connue d'une adresse inconnue.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type * as argon2 from "@node-rs/argon2";
import { startTestServer, type TestServer } from "../support/server.js";
import { createTestDatabase, databaseKind } from "../support/database.js";
import type { Database } from "../../src/db/database.js";
import { DEFAULT_THROTTLE } from "../../src/auth/throttle.js";
import { ARGON2_PARAMS } from "../../src/auth/password.js";
import { DEMO_BIP_SECRET } from "../../src/server.js";
import { Browser, bipAuthorization, PASSWORD, setPassword } from "../oidc/support.js";
import { Browser as FormBrowser, withoutNonce } from "../password/browser.js";
import { NEUTRAL_ANSWER_MS } from "../../src/web/demande-de-lien.js";

// Every argon2 verification the server makes, with the parameters of the hash it was made against.
const verified: string[] = [];
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof argon2>();
  return {
    ...real,
    verify: async (hash: string, password: string) => {
      verified.push(/^\$argon2id\$v=19\$(m=\d+,t=\d+,p=\d+)\$/.exec(hash)?.[1] ?? hash);
      return real.verify(hash, password);
    },
  };
});

const { blockAt } = DEFAULT_THROTTLE.account;
const OWASP = `m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}`;

describe(`Sécurité de la connexion (${databaseKind})`, () => {
  let db: Database;
  let a: TestServer;
  let b: TestServer;
  let bipRedirect: string;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    a = await startTestServer({}, { db });
    b = await startTestServer({ PUBLIC_URL: a.config.PUBLIC_URL }, { db });
    bipRedirect = `${a.config.DEMO_RP_URL}/callback`;
  }, 240_000); // starting seeded servers is slow on a loaded machine

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await db?.close();
  });

  beforeEach(async () => {
    verified.length = 0;
    // Each test starts with fresh counters (all the attempts come from 127.0.0.1).
    await db.prisma.loginThrottle.deleteMany();
  });

  /** BIP's authorization URL, with PKCE (S256) unless `pkce` is false. */
  const bipAuthorizationOn = (server: TestServer, pkce = true) => bipAuthorization(server, { state: "etat" }, { pkce });

  /** A fresh browser at BIP's login form (on `server`): returns the form's address. */
  async function loginForm(server: TestServer) {
    const browser = new Browser();
    const page = await browser.navigate(bipAuthorizationOn(server), { stopAt: bipRedirect });
    const action = /<form method="post" action="([^"]+)"/.exec(page.body)![1]!;
    return { browser, action: new URL(action, server.url) };
  }

  /** The answer to one sign-in, the interaction id and the CSP nonce blanked out. */
  async function signIn(form: Awaited<ReturnType<typeof loginForm>>, email: string, password: string) {
    const res = await form.browser.navigate(form.action, { form: { email, password }, stopAt: bipRedirect });
    return {
      status: res.status,
      page: res.body
        .replace(/\/interaction\/[\w-]+\//g, "/interaction/UID/")
        .replace(/ nonce="[^"]+"/g, "")
        .replaceAll(email, "EMAIL"),
    };
  }

  async function concurrentWrongPasswords(email: string, servers: TestServer[]) {
    const forms = await Promise.all(Array.from({ length: 20 }, (_, i) => loginForm(servers[i % servers.length]!)));
    verified.length = 0;
    const answers = await Promise.all(forms.map((f) => signIn(f, email, "mauvais-mot-de-passe")));
    return answers.map((r) => r.status);
  }

  it(`20 mots de passe faux envoyés au même instant pour un compte : ${blockAt} seulement sont vérifiés, les autres sont refusés sans vérification`, async () => {
    const email = "karim.benali@vitry.fr";
    await setPassword(db.prisma, email);
    const statuses = await concurrentWrongPasswords(email, [a]);
    expect(statuses.filter((s) => s === 401)).toHaveLength(blockAt);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - blockAt);
    expect(verified).toHaveLength(blockAt);
    // Then even the right password waits for the end of the block.
    expect((await signIn(await loginForm(a), email, PASSWORD)).status).toBe(429);
  }, 120_000);

  it(`répartis sur deux instances de la même base, ces 20 essais ne donnent pas plus de ${blockAt} vérifications`, async () => {
    const email = "lea.moreau@nanterre.fr";
    await setPassword(db.prisma, email);
    const statuses = await concurrentWrongPasswords(email, [a, b]);
    expect(statuses.filter((s) => s === 401)).toHaveLength(blockAt);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - blockAt);
    expect(verified).toHaveLength(blockAt);
    const row = await db.prisma.loginThrottle.findUniqueOrThrow({ where: { key: `compte:${email}` } });
    expect(row.failures).toBe(blockAt);
  }, 120_000);

  it("une connexion réussie rend sa place au compteur de l'adresse IP : des agents derrière une même adresse ne se bloquent pas entre eux", async () => {
    const email = "marc.lefebvre@montreuil.fr";
    await setPassword(db.prisma, email);
    for (let i = 0; i < 3; i++) expect((await signIn(await loginForm(a), email, PASSWORD)).status).toBe(303);
    const ip = await db.prisma.loginThrottle.findUnique({ where: { key: "ip:127.0.0.1" } });
    expect(ip?.failures ?? 0).toBe(0);
  });

  it("BIP, client confidentiel, sans code_challenge : la demande est refusée avant toute connexion (PKCE S256 exigé de tout client)", async () => {
    const res = await new Browser().request(bipAuthorizationOn(a, false));
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get("location")!);
    expect(back.origin + back.pathname).toBe(bipRedirect);
    expect(back.searchParams.get("error")).toBe("invalid_request");
    expect(back.searchParams.get("code")).toBeNull();
    // Only S256: "plain" is refused too.
    const plain = bipAuthorizationOn(a);
    plain.searchParams.set("code_challenge_method", "plain");
    const refused = new URL((await new Browser().request(plain)).headers.get("location")!);
    expect(refused.searchParams.get("error")).toBe("invalid_request");
  });

  it("un code obtenu avec PKCE n'est pas échangé sans le vérificateur, même avec le secret du client", async () => {
    const email = "julien.petit@lhaylesroses.fr";
    await setPassword(db.prisma, email);
    const bip = await db.prisma.application.findUniqueOrThrow({ where: { code: "bip" }, include: { roles: true } });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { emailLower: email } });
    if (!(await db.prisma.roleAssignment.count({ where: { userId: user.id, role: { applicationId: bip.id } } }))) {
      await db.prisma.roleAssignment.create({ data: { userId: user.id, roleId: bip.roles[0]!.id, structureId: user.structureId } });
    }
    const form = await loginForm(a);
    const res = await form.browser.navigate(form.action, { form: { email, password: PASSWORD }, stopAt: bipRedirect });
    const code = res.stoppedAt!.searchParams.get("code")!;
    expect(code).toBeTruthy();
    const token = await fetch(new URL("/token", a.url), {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`bip:${DEMO_BIP_SECRET}`).toString("base64")}`,
      },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: bipRedirect }),
    });
    expect(token.status).toBe(400);
    expect(((await token.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("adresse inconnue, compte sans mot de passe, compte verrouillé, mauvais mot de passe : la même page, le même statut, et le même travail (une vérification argon2id aux paramètres réels)", async () => {
    const known = "amina.diallo@lhaylesroses.fr";
    const locked = "simple.agent@creteil.fr";
    await setPassword(db.prisma, known);
    await setPassword(db.prisma, locked);
    await db.prisma.user.update({ where: { emailLower: locked }, data: { locked: true } });
    const cases = [
      [known, "mauvais-mot-de-passe"],
      ["personne.inconnue@lhaylesroses.fr", "mauvais-mot-de-passe"],
      ["paul.durand@montreuil.fr", "mauvais-mot-de-passe"], // seeded, has never set a password
      [locked, "mauvais-mot-de-passe"],
    ] as const;
    const answers = [];
    for (const [email, password] of cases) {
      const form = await loginForm(a);
      verified.length = 0;
      answers.push({ ...(await signIn(form, email, password)), verified: [...verified] });
    }
    for (const answer of answers) {
      expect(answer).toEqual({ status: 401, page: answers[0]!.page, verified: [OWASP] });
    }
    expect(answers[0]!.page).toContain("Adresse e-mail ou mot de passe incorrect.");
  });

  it("« Première visite ? » et « Mot de passe oublié ? » : une adresse connue et une inconnue reçoivent la même page, le même cookie, et au moins le même temps plancher (le mail part plus tard, par la file)", async () => {
    for (const path of ["/premiere-visite", "/mot-de-passe-oublie"]) {
      const browser = new FormBrowser(a.url);
      const form = (await browser.get(path)).body;
      const answers = [];
      for (const email of ["amina.diallo@lhaylesroses.fr", "personne.inconnue@lhaylesroses.fr"]) {
        const started = performance.now();
        const res = await browser.submit(form, { email });
        answers.push({
          status: res.status,
          body: withoutNonce(res.body),
          cookie: res.headers.get("set-cookie"),
          ms: performance.now() - started,
        });
      }
      const [known, unknown] = answers as [(typeof answers)[0], (typeof answers)[0]];
      expect(unknown).toMatchObject({ status: known.status, body: known.body, cookie: known.cookie });
      // The mechanism, not a time difference (which would flake on a loaded machine): both answers are
      // held to the same floor, and the known address's mail is only queued within it.
      for (const answer of answers) expect(answer.ms).toBeGreaterThanOrEqual(NEUTRAL_ANSWER_MS - 5);
    }
    const mails = await db.prisma.mailOutbox.findMany({
      where: { to: { in: ["amina.diallo@lhaylesroses.fr", "personne.inconnue@lhaylesroses.fr"] } },
    });
    expect(mails.map((m) => m.to)).toEqual(["amina.diallo@lhaylesroses.fr", "amina.diallo@lhaylesroses.fr"]);
  });
});
