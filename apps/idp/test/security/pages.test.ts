// En-têtes de sécurité de chaque page, vus de l'extérieur : aucune page ne se laisse encadrer par un
// autre site (frame-ancestors 'none' et X-Frame-Options DENY), la politique de sécurité du contenu
// n'a pas de 'unsafe-inline' et laisse pourtant passer les styles et scripts de la page (nonce ou
// empreinte), les types ne sont pas devinés (nosniff), aucune adresse n'est transmise en Referer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { startTestServer, type TestServer } from "../support/server.js";
import { databaseKind } from "../support/database.js";
import { Browser, bipAuthorization, PASSWORD, setPassword } from "../oidc/support.js";

const EMAIL = "julien.petit@lhaylesroses.fr"; // holds a role on BIP in the seed

/** What a response must carry, and whether the page's own <style>/<script> elements are let in by its CSP. */
function expectProtected(what: string, res: { headers: Headers; body: string }) {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect.soft(csp, what).toContain("frame-ancestors 'none'");
  expect.soft(csp, what).not.toContain("unsafe-inline");
  expect.soft(csp, what).not.toContain("unsafe-eval");
  expect.soft(res.headers.get("x-frame-options"), what).toBe("DENY");
  expect.soft(res.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect.soft(res.headers.get("referrer-policy"), what).toBe("no-referrer");
  const directive = (name: string) =>
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .find(([n]) => n === name)
      ?.slice(1) ?? [];
  for (const [, tag, attrs, content] of res.body.matchAll(/<(style|script)\b([^>]*)>([\s\S]*?)<\/\1>/g)) {
    if (tag === "script" && /\ssrc=/.test(attrs!)) continue;
    const nonce = / nonce="([^"]+)"/.exec(attrs!)?.[1];
    const sources = directive(tag === "style" ? "style-src" : "script-src");
    const hash = `'sha256-${crypto.createHash("sha256").update(content!).digest("base64")}'`;
    expect.soft(nonce ? sources.includes(`'nonce-${nonce}'`) : sources.includes(hash), `${what} : <${tag}> admis par la CSP`).toBe(true);
  }
  // Inline style attributes would be refused without 'unsafe-inline'.
  expect.soft(/<[a-z][^>]*\sstyle="/i.test(res.body), `${what} : pas d'attribut style`).toBe(false);
}

describe(`En-têtes de sécurité de chaque page (${databaseKind})`, () => {
  let server: TestServer;
  let bipRedirect: string;

  beforeAll(async () => {
    server = await startTestServer();
    bipRedirect = `${server.config.DEMO_RP_URL}/callback`;
    await setPassword(server.db.prisma, EMAIL);
  }, 240_000); // starting seeded servers is slow on a loaded machine

  afterAll(async () => {
    await server?.stop();
  });

  const bipAuth = (extra: Record<string, string> = {}) => bipAuthorization(server, extra);

  async function page(browser: Browser, url: string | URL, init?: { method?: string; form?: Record<string, string> }) {
    const res = await browser.request(url, init);
    return { status: res.status, headers: res.headers, body: await res.text() };
  }

  it("chaque page — connexion, portail, déconnexion, erreurs, form_post, mots de passe, console, documentation — interdit l'encadrement et n'admet que ses propres styles et scripts", async () => {
    const anonymous = new Browser();
    const pages: [string, { status: number; headers: Headers; body: string }][] = [];
    const visit = async (what: string, browser: Browser, url: string | URL, init?: { method?: string; form?: Record<string, string> }) => {
      const p = await page(browser, url, init);
      pages.push([what, p]);
      return p;
    };

    await visit("portail (non connecté)", anonymous, `${server.url}/`);
    await visit("première visite", anonymous, `${server.url}/premiere-visite`);
    await visit("mot de passe oublié", anonymous, `${server.url}/mot-de-passe-oublie`);
    await visit("lien de mot de passe inconnu", anonymous, `${server.url}/mot-de-passe/definir?jeton=inconnu`);
    await visit("page d'erreur OIDC (client inconnu)", anonymous, `${server.url}/auth?client_id=inconnu&response_type=code&scope=openid`);
    await visit("page de connexion expirée", anonymous, `${server.url}/interaction/inconnue`);
    await visit("page introuvable", anonymous, `${server.url}/nexiste/pas`);
    await visit("console", anonymous, `${server.url}/aia/`);
    await visit("documentation de l'API", anonymous, `${server.url}/api/v1/docs`);
    await visit("API (JSON)", anonymous, `${server.url}/api/v1/openapi.json`);
    await visit("découverte OIDC", anonymous, `${server.url}/.well-known/openid-configuration`);

    // Signing in: the login page (/interaction/…), its refusal page, then the pages of a session.
    const browser = new Browser();
    const start = await browser.request(bipAuth());
    const login = await visit("page de connexion", browser, new URL(start.headers.get("location")!, server.url));
    const action = /<form method="post" action="([^"]+)"/.exec(login.body)![1]!;
    await visit("connexion refusée", browser, new URL(action, server.url), { form: { email: EMAIL, password: "faux" } });
    const signedIn = await browser.navigate(new URL(action, server.url), {
      form: { email: EMAIL, password: PASSWORD },
      stopAt: bipRedirect,
    });
    expect(signedIn.stoppedAt).toBeDefined();
    const formPost = await visit("form_post vers l'application", browser, bipAuth({ response_mode: "form_post" }));
    expect(formPost.body).toContain(`action="${bipRedirect}"`);
    expect(formPost.body).toContain("<script>");
    await visit("portail (connecté)", browser, `${server.url}/`);
    const logout = await visit("confirmation de déconnexion", browser, `${server.url}/session/end`);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(logout.body)![1]!;
    const confirmed = await browser.request(`${server.url}/session/end/confirm`, { form: { xsrf, logout: "yes" } });
    await visit("déconnecté", browser, new URL(confirmed.headers.get("location")!, server.url));

    expect(pages.map(([what, p]) => `${what} ${p.status}`)).toEqual([
      "portail (non connecté) 200",
      "première visite 200",
      "mot de passe oublié 200",
      "lien de mot de passe inconnu 404",
      "page d'erreur OIDC (client inconnu) 400",
      "page de connexion expirée 400",
      "page introuvable 404",
      expect.stringMatching(/^console (200|503)$/), // built or not
      "documentation de l'API 200",
      "API (JSON) 200",
      "découverte OIDC 200",
      "page de connexion 200",
      "connexion refusée 401",
      "form_post vers l'application 200",
      "portail (connecté) 200",
      "confirmation de déconnexion 200",
      "déconnecté 200",
    ]);
    for (const [what, p] of pages) expectProtected(what, p);
    // The error pages and the page not found are in French.
    expect(pages.find(([w]) => w === "page introuvable")![1].body).toContain("Cette page n&#39;existe pas.");
  });
});
