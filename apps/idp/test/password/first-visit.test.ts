// « Première visite ? » and « Mot de passe oublié ? » driven like a browser without JavaScript, against
// a running server (PGlite or PostgreSQL); the link is read from the mail written to the outbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/auth/password.js";
import { hashToken } from "../../src/lib/tokens.js";
import { databaseKind } from "../support/database.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { NEUTRAL_ANSWER_MS } from "../../src/web/demande-de-lien.js";
import { Browser, withoutNonce } from "./browser.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const NEW_PASSWORD = "Trois chevaux bleus dansent";

async function lastMailTo(email: string) {
  return server.db.prisma.mailOutbox.findFirst({ where: { to: email }, orderBy: { createdAt: "desc" } });
}

function linkIn(text: string): string {
  const m = /(http:\/\/\S+\/mot-de-passe\/definir\?jeton=\S+)/.exec(text);
  if (!m) throw new Error("pas de lien dans le mail");
  return m[1]!;
}

/** Asks for a link on `path` and returns the link of the mail that was written to the outbox. */
async function askForLink(browser: Browser, path: string, email: string): Promise<string> {
  const form = await browser.get(path);
  const answer = await browser.submit(form.body, { email });
  expect(answer.status).toBe(200);
  const mail = await lastMailTo(email);
  return linkIn(mail!.text);
}

describe(`Première visite et mot de passe oublié (${databaseKind})`, () => {
  it("je clique sur « Première visite ? », je saisis mon adresse, je suis le lien du mail et je définis mon mot de passe", async () => {
    const browser = new Browser(server.url);
    const form = await browser.get("/premiere-visite");
    expect(form.status).toBe(200);
    expect(form.body).toContain("<h1>Première visite</h1>");
    expect(form.body).toContain('<label for="email">Adresse e-mail</label>');
    expect(form.body).toMatch(/<input type="email" id="email" name="email" value="" autocomplete="username"/);

    const answer = await browser.submit(form.body, { email: "Julien.Petit@LhayLesRoses.fr" });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(
      "Si un compte correspond à l'adresse saisie, un message contenant un lien pour définir votre mot de passe vient d'y être envoyé.",
    );
    expect(answer.body).toContain("Ce lien est valable 72 heures");

    const mail = await lastMailTo("julien.petit@lhaylesroses.fr");
    expect(mail).not.toBeNull();
    expect(mail!.subject).toBe("[Portail des applications du CIG] Initialisation de votre mot de passe");
    expect(mail!.from).toBe("ne-pas-repondre@cig929394.fr");
    expect(mail!.text).toContain("Bonjour Julien PETIT,");
    const link = linkIn(mail!.text);
    expect(link.startsWith(`${server.config.PUBLIC_URL}/mot-de-passe/definir?jeton=`)).toBe(true);

    const page = await browser.get(link);
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.body).toContain("<h1>Définir votre mot de passe</h1>");
    expect(page.body).toContain("comporter au moins 12 caractères ;");
    expect(page.body).toContain("ne contenir ni votre adresse e-mail, ni votre nom, ni votre prénom ;");
    expect(page.body).toContain("ne pas figurer parmi les mots de passe les plus courants.");
    expect(page.body).toContain('value="julien.petit@lhaylesroses.fr" autocomplete="username" readonly');
    expect(page.body).toContain('name="password" autocomplete="new-password"');
    expect(page.body).toContain('<label for="confirmation">Confirmez le nouveau mot de passe</label>');

    const done = await browser.submit(page.body, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    expect(done.status).toBe(200);
    expect(done.body).toContain("Votre mot de passe est enregistré.");
    expect(done.body).toContain('<a class="button" href="/">Se connecter</a>');

    const user = await server.db.prisma.user.findUniqueOrThrow({ where: { emailLower: "julien.petit@lhaylesroses.fr" } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(user.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(user.passwordHash, "autre chose encore")).toBe(false);
    expect(user.passwordChangedAt).toBeInstanceOf(Date);
  });

  it("le lien et son mail sont écrits ensemble : autant de mails que de liens", async () => {
    const user = await server.db.prisma.user.findUniqueOrThrow({ where: { emailLower: "julien.petit@lhaylesroses.fr" } });
    const tokens = await server.db.prisma.oneTimeToken.count({ where: { userId: user.id } });
    const mails = await server.db.prisma.mailOutbox.count({ where: { to: user.email } });
    expect(tokens).toBe(1);
    expect(mails).toBe(1);
  });

  it("un lien déjà utilisé est refusé, avec l'offre d'en demander un nouveau", async () => {
    const browser = new Browser(server.url);
    const link = await askForLink(browser, "/premiere-visite", "karim.benali@vitry.fr");
    const page = await browser.get(link);
    expect((await browser.submit(page.body, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD })).status).toBe(200);

    const again = await browser.get(link);
    expect(again.status).toBe(410);
    expect(again.body).toContain("<h1>Lien déjà utilisé</h1>");
    expect(again.body).toContain('<a class="button" href="/mot-de-passe-oublie">Demander un nouveau lien</a>');
    expect(again.body).not.toContain('name="password"');
    // Replaying the form (e.g. a second tab) changes nothing either.
    const replay = await browser.submit(page.body, { password: "Un tout autre mot de passe", confirmation: "Un tout autre mot de passe" });
    expect(replay.status).toBe(410);
    const user = await server.db.prisma.user.findUniqueOrThrow({ where: { emailLower: "karim.benali@vitry.fr" } });
    expect(await verifyPassword(user.passwordHash, NEW_PASSWORD)).toBe(true);
  });

  it("un lien expiré est refusé", async () => {
    const browser = new Browser(server.url);
    const link = await askForLink(browser, "/mot-de-passe-oublie", "amina.diallo@lhaylesroses.fr");
    const page = await browser.get(link);
    expect(page.status).toBe(200);
    const jeton = new URL(link).searchParams.get("jeton")!;
    await server.db.prisma.oneTimeToken.update({
      where: { tokenHash: hashToken(jeton) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    const expired = await browser.get(link);
    expect(expired.status).toBe(410);
    expect(expired.body).toContain("<h1>Lien expiré</h1>");
    expect(expired.body).toContain("Demandez un nouveau lien.");
    const late = await browser.submit(page.body, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    expect(late.status).toBe(410);
    const user = await server.db.prisma.user.findUniqueOrThrow({ where: { emailLower: "amina.diallo@lhaylesroses.fr" } });
    expect(user.passwordHash).toBeNull();
  });

  it("un lien inconnu ou tronqué est refusé", async () => {
    const browser = new Browser(server.url);
    for (const jeton of ["", "abc", "A".repeat(43)]) {
      const res = await browser.get(`/mot-de-passe/definir?jeton=${jeton}`);
      expect(res.status).toBe(404);
      expect(res.body).toContain("<h1>Lien non valide</h1>");
    }
  });

  it("mot de passe oublié : le mail de réinitialisation ; le nouveau mot de passe annule les autres liens et ferme les sessions ouvertes", async () => {
    const browser = new Browser(server.url);
    const first = await askForLink(browser, "/mot-de-passe-oublie", "marc.lefebvre@montreuil.fr");
    const second = await askForLink(browser, "/mot-de-passe-oublie", "marc.lefebvre@montreuil.fr");
    expect(second).not.toBe(first);
    const mail = await lastMailTo("marc.lefebvre@montreuil.fr");
    expect(mail!.subject).toBe("[Portail des applications du CIG] Réinitialisation de votre mot de passe");

    // A session and a refresh token opened with the old password (e.g. by someone who knew it).
    const user = await server.db.prisma.user.findUniqueOrThrow({ where: { emailLower: "marc.lefebvre@montreuil.fr" } });
    await server.db.prisma.oidcPayload.createMany({
      data: [
        { id: "ancienne-session", type: "Session", accountId: user.id, payload: { accountId: user.id, authorizations: {} } },
        { id: "ancien-refresh", type: "RefreshToken", accountId: user.id, payload: { accountId: user.id } },
      ],
    });
    const page = await browser.get(second);
    expect((await browser.submit(page.body, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD })).status).toBe(200);
    expect(await server.db.prisma.oidcPayload.count({ where: { accountId: user.id } })).toBe(0);
    const older = await browser.get(first);
    expect(older.status).toBe(410);
    expect(older.body).toContain("<h1>Lien déjà utilisé</h1>");
  });

  it("une adresse inconnue et une adresse connue reçoivent exactement la même réponse, dans le même temps", async () => {
    for (const path of ["/premiere-visite", "/mot-de-passe-oublie"]) {
      const browser = new Browser(server.url);
      const form = (await browser.get(path)).body;
      const answers: { status: number; body: string; ms: number; cookie: string | null }[] = [];
      for (const email of [
        "sophie.bernard@nanterre.fr",
        "personne.inconnue@nanterre.fr",
        "paul.durand@montreuil.fr",
        "nobody@example.fr",
      ]) {
        const t0 = performance.now();
        const res = await browser.submit(form, { email });
        answers.push({ status: res.status, body: res.body, ms: performance.now() - t0, cookie: res.headers.get("set-cookie") });
      }
      const [known, unknown, known2, unknown2] = answers as [
        (typeof answers)[0],
        (typeof answers)[0],
        (typeof answers)[0],
        (typeof answers)[0],
      ];
      expect(known.status).toBe(200);
      expect(unknown.status).toBe(200);
      expect(withoutNonce(unknown.body)).toBe(withoutNonce(known.body));
      expect(withoutNonce(unknown2.body)).toBe(withoutNonce(known2.body));
      expect(unknown.cookie).toBe(known.cookie);
      // Both answers are padded to the same floor, so a fast "unknown" cannot be told from a slow
      // "known" (a lower bound: it holds on a loaded machine, where a time difference would flake).
      for (const a of answers) expect(a.ms).toBeGreaterThanOrEqual(NEUTRAL_ANSWER_MS - 5);
    }
    expect(await server.db.prisma.mailOutbox.count({ where: { to: { in: ["personne.inconnue@nanterre.fr", "nobody@example.fr"] } } })).toBe(
      0,
    );
    expect(await server.db.prisma.mailOutbox.count({ where: { to: "sophie.bernard@nanterre.fr" } })).toBe(2);
  });

  it("au-delà de 3 demandes en 15 minutes pour un compte, aucun mail de plus, et la même réponse", async () => {
    const browser = new Browser(server.url);
    const form = (await browser.get("/mot-de-passe-oublie")).body;
    const bodies = new Set<string>();
    for (let i = 0; i < 5; i++) bodies.add(withoutNonce((await browser.submit(form, { email: "lea.moreau@nanterre.fr" })).body));
    expect(bodies.size).toBe(1);
    expect(await server.db.prisma.mailOutbox.count({ where: { to: "lea.moreau@nanterre.fr" } })).toBe(3);
  });

  it("une adresse mal formée est signalée, et reste dans le champ pour être corrigée", async () => {
    const browser = new Browser(server.url);
    const form = await browser.get("/premiere-visite");
    const res = await browser.submit(form.body, { email: "paul.durand@" });
    expect(res.status).toBe(400);
    expect(res.body).toContain('<div class="error" role="alert" id="erreurs" tabindex="-1" autofocus');
    expect(res.body).toContain('<li><a href="#email">Saisissez une adresse e-mail valide, par exemple prenom.nom@commune.fr.</a></li>');
    expect(res.body).toContain('value="paul.durand@"');
    expect(res.body).toContain('aria-invalid="true" aria-describedby="email-erreur"');
  });

  it("un formulaire venu d'ailleurs (sans le jeton anti-CSRF de ce navigateur) est refusé, sans mail", async () => {
    const before = await server.db.prisma.mailOutbox.count();
    const forged = await fetch(new URL("/mot-de-passe-oublie", server.url), {
      method: "POST",
      body: new URLSearchParams({ email: "simple.agent@creteil.fr" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("Le formulaire a expiré ou n&#39;a pas pu être vérifié.");

    const attacker = new Browser(server.url);
    const attackerForm = (await attacker.get("/mot-de-passe-oublie")).body;
    const victim = new Browser(server.url);
    await victim.get("/"); // the victim has its own cookie, or none
    const res = await victim.submit(attackerForm, { email: "simple.agent@creteil.fr" });
    expect(res.status).toBe(403);
    expect(await server.db.prisma.mailOutbox.count()).toBe(before);
  });
});

describe(`la politique au moment de définir le mot de passe (${databaseKind})`, () => {
  let browser: Browser;
  let page: string;
  beforeAll(async () => {
    browser = new Browser(server.url);
    const link = await askForLink(browser, "/premiere-visite", "wonder.woman@yopmail.com");
    page = (await browser.get(link)).body;
  });

  const cases: [string, string, string][] = [
    ["trop court", "Court1!", "Le mot de passe doit comporter au moins 12 caractères."],
    ["contenant le nom", "Chevaux WOMAN bleus", "Le mot de passe ne doit pas contenir votre nom ni votre prénom."],
    [
      "contenant l'adresse e-mail",
      "xx wonder.woman@yopmail.com",
      "Le mot de passe ne doit pas contenir votre adresse e-mail ni votre identifiant.",
    ],
    [
      "courant",
      "Motdepasse2026!",
      "Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un plus difficile à deviner.",
    ],
  ];
  for (const [what, password, message] of cases) {
    it(`un mot de passe ${what} est refusé avec un message en français, sans rien perdre d'autre que les mots de passe`, async () => {
      const res = await browser.submit(page, { password, confirmation: password });
      expect(res.status).toBe(400);
      expect(res.body).toContain(`<li><a href="#password">${message.replace(/'/g, "&#39;")}</a></li>`);
      expect(res.body).toContain("autofocus");
      expect(res.body).toContain(
        'name="password" autocomplete="new-password" aria-required="true" aria-describedby="politique" aria-invalid="true"',
      );
      expect(res.body).not.toContain(password.replace(/'/g, "&#39;").replace(/@/g, "@"));
      const jeton = /name="jeton" value="([^"]+)"/.exec(page)![1]!;
      expect(res.body).toContain(`name="jeton" value="${jeton}"`);
      expect(res.body).toContain('value="wonder.woman@yopmail.com" autocomplete="username" readonly');
      page = res.body; // the next try goes on from the page with the errors, as a person would
    });
  }

  it("une confirmation différente est refusée ; puis le mot de passe est accepté depuis la même page", async () => {
    const res = await browser.submit(page, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD + "x" });
    expect(res.status).toBe(400);
    expect(res.body).toContain('<li><a href="#confirmation">Les deux mots de passe saisis ne sont pas identiques.</a></li>');
    const ok = await browser.submit(res.body, { password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    expect(ok.status).toBe(200);
    const user = await server.db.prisma.user.findUniqueOrThrow({ where: { emailLower: "wonder.woman@yopmail.com" } });
    expect(await verifyPassword(user.passwordHash, NEW_PASSWORD)).toBe(true);
  });
});
