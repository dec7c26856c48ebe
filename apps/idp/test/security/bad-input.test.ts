// Entrées malveillantes ou absurdes, vues de l'extérieur : chacune reçoit une réponse 4xx claire en
// français (problem+json sur l'API, une page sur le reste), jamais une erreur 500, et rien n'est
// enregistré.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import * as oidc from "openid-client";
import { ERRORS, VALIDITY_ORDER_MESSAGE } from "@convergences/contract";
import { startTestServer, type TestServer } from "../support/server.js";
import { databaseKind } from "../support/database.js";
import { structureId, userId } from "../../src/db/seed.js";
import { DEMO_BIP_SECRET } from "../../src/server.js";
import { FORBIDDEN_CHARACTERS_MESSAGE } from "../../src/lib/text.js";
import { LOGIN_MESSAGES } from "../../src/interactions/login.js";
import { providerTokens } from "../api/provider-tokens.js";
import { Browser, bipAuthorization } from "../oidc/support.js";
import { Browser as FormBrowser } from "../password/browser.js";

const SERVICE = structureId("94-lhay-les-roses-dg-rh-paie");
const AGENT = "julien.petit@lhaylesroses.fr";
const valid = { email: "nouvel.agent@lhaylesroses.fr", lastName: "AGENT", firstName: "Nouvel", structureId: SERVICE };

describe(`Entrées invalides (${databaseKind})`, () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer();
    token = await (await providerTokens(server)).forAdminClient();
  }, 240_000); // starting seeded servers is slow on a loaded machine

  afterAll(async () => {
    await server?.stop();
  });

  /** A raw request to the API: the body is sent as given (a string is sent as is, as JSON). */
  async function call(method: string, path: string, body?: string) {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body,
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get("content-type") ?? "",
      allow: res.headers.get("allow"),
      data: text ? JSON.parse(text) : null,
    };
  }

  const json = (o: unknown) => JSON.stringify(o);
  // Lone surrogates written as JSON escapes (JSON.stringify would write them the same way).
  const loneHigh = json({ ...valid, firstName: "Nou" }).replace('"Nou"', '"Nou\\ud800"');
  const loneLow = json({ ...valid, lastName: "AG" }).replace('"AG"', '"\\udc00AG"');

  const FORBIDDEN = (path: string) => ({ path, message: FORBIDDEN_CHARACTERS_MESSAGE });
  const table: [string, string, string, string | undefined, number, string, { path: string; message: string }[]?][] = [
    [
      "un caractère nul dans un nom",
      "POST",
      "/users",
      json({ ...valid, lastName: "AG\u0000ENT" }),
      400,
      "VALIDATION_FAILED",
      [FORBIDDEN("lastName")],
    ],
    [
      "une moitié de paire de substitution (haute) dans un prénom",
      "POST",
      "/users",
      loneHigh,
      400,
      "VALIDATION_FAILED",
      [FORBIDDEN("firstName")],
    ],
    [
      "une moitié de paire de substitution (basse) dans un nom",
      "POST",
      "/users",
      loneLow,
      400,
      "VALIDATION_FAILED",
      [FORBIDDEN("lastName")],
    ],
    [
      "un caractère nul dans l'adresse vérifiée",
      "POST",
      "/users/email-check",
      json({ email: "a\u0000@lhaylesroses.fr" }),
      400,
      "VALIDATION_FAILED",
      [FORBIDDEN("email")],
    ],
    ["un caractère nul dans une recherche", "GET", "/users?q=Dup%00ont", undefined, 400, "VALIDATION_FAILED", [FORBIDDEN("q")]],
    ["un caractère nul dans le nom d'un paramètre", "GET", "/users?a%00b=1", undefined, 400, "VALIDATION_FAILED", [FORBIDDEN("")]],
    [
      "une clé __proto__ dans le corps JSON",
      "POST",
      "/users",
      `{"__proto__": {"isAdmin": true}, "email": "${valid.email}", "lastName": "A", "firstName": "B", "structureId": "${SERVICE}"}`,
      400,
      "VALIDATION_FAILED",
      [{ path: "__proto__", message: "Champ non autorisé : __proto__" }],
    ],
    [
      "une clé constructor imbriquée",
      "PATCH",
      `/users/${userId(AGENT)}`,
      json({ version: 1, constructor: { prototype: {} } }),
      400,
      "VALIDATION_FAILED",
      [{ path: "constructor", message: "Champ non autorisé : constructor" }],
    ],
    [
      "un tri inconnu",
      "GET",
      "/users?sort=bad",
      undefined,
      400,
      "VALIDATION_FAILED",
      [{ path: "sort", message: expect.stringMatching(/^Valeur non autorisée : choisissez parmi « lastName », /) as unknown as string }],
    ],
    [
      "une page démesurée",
      "GET",
      "/users?page=1e20",
      undefined,
      400,
      "VALIDATION_FAILED",
      [{ path: "page", message: "Nombre trop grand" }],
    ],
    [
      "une page qui n'est pas un nombre",
      "GET",
      "/users?page=abc",
      undefined,
      400,
      "VALIDATION_FAILED",
      [{ path: "page", message: "Un nombre est attendu" }],
    ],
    [
      "une page décimale",
      "GET",
      "/users?page=1.5",
      undefined,
      400,
      "VALIDATION_FAILED",
      [{ path: "page", message: "Un nombre entier est attendu" }],
    ],
    [
      "une date de début après la date de fin",
      "POST",
      "/users",
      json({ ...valid, validFrom: "2026-06-02", validUntil: "2026-06-01" }),
      400,
      "VALIDATION_FAILED",
      [{ path: "validUntil", message: VALIDITY_ORDER_MESSAGE }],
    ],
    ["PUT sur la collection des utilisateurs", "PUT", "/users", json(valid), 405, "METHOD_NOT_ALLOWED"],
    ["DELETE sur la collection des utilisateurs", "DELETE", "/users", undefined, 405, "METHOD_NOT_ALLOWED"],
    ["DELETE sur la collection des structures", "DELETE", "/structures", undefined, 405, "METHOD_NOT_ALLOWED"],
    ["GET sur la vérification d'adresse", "GET", "/users/email-check", undefined, 405, "METHOD_NOT_ALLOWED"],
  ];

  it("un tableau d'entrées × adresses de l'API : chaque réponse est un problem+json en français, avec le bon statut, et rien n'est enregistré", async () => {
    const users = await server.db.prisma.user.count();
    const audits = await server.db.prisma.auditEvent.count();
    const before = await server.db.prisma.user.findUniqueOrThrow({ where: { id: userId(AGENT) } });
    for (const [what, method, path, body, status, code, errors] of table) {
      const res = await call(method, path, body);
      expect
        .soft({ what, status: res.status, type: res.type, code: res.data?.code })
        .toEqual({ what, status, type: expect.stringContaining("application/problem+json"), code });
      expect.soft(res.data?.status, what).toBe(status);
      expect.soft(res.data?.title, what).toBe(ERRORS[code as keyof typeof ERRORS].message);
      if (errors) expect.soft(res.data?.errors, what).toEqual(errors);
      if (status === 405) expect.soft(res.allow, what).toMatch(/^[A-Z, ]+$/);
    }
    expect(await server.db.prisma.user.count()).toBe(users);
    expect(await server.db.prisma.user.findUniqueOrThrow({ where: { id: userId(AGENT) } })).toEqual(before);
    // Refused input changes nothing: no audit line of a change either.
    expect(await server.db.prisma.auditEvent.count()).toBe(audits);
    // The Allow header names what the address takes.
    expect((await call("GET", "/users/email-check")).allow).toBe("POST");
    expect((await call("PUT", "/users")).allow).toContain("GET");
  });

  it("validité : début et fin le même jour est accepté ; une fin modifiée seule avant le début enregistré est refusée, rien n'est changé", async () => {
    const created = await call(
      "POST",
      "/users",
      json({ ...valid, email: "un.jour@lhaylesroses.fr", validFrom: "2026-06-10", validUntil: "2026-06-10" }),
    );
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ validFrom: "2026-06-10", validUntil: "2026-06-10" });
    const patched = await call("PATCH", `/users/${created.data.id}`, json({ version: created.data.version, validUntil: "2026-06-09" }));
    expect(patched).toMatchObject({
      status: 400,
      data: { code: "VALIDATION_FAILED", errors: [{ path: "validUntil", message: VALIDITY_ORDER_MESSAGE }] },
    });
    const card = await call("GET", `/users/${created.data.id}`);
    expect(card.data).toMatchObject({ validFrom: "2026-06-10", validUntil: "2026-06-10", version: created.data.version });
  });

  it("une application créée par l'API sans adresses de retour après déconnexion obtient ses jetons", async () => {
    const res = await call(
      "POST",
      "/applications",
      json({
        code: "sans-retour",
        clientId: "sans-retour",
        name: "Sans retour",
        redirectUris: [],
        grantTypes: ["client_credentials"],
        tileLabel: "Sans retour",
      }),
    );
    expect(res.status).toBe(201);
    const rp = await oidc.discovery(
      new URL(server.config.PUBLIC_URL),
      "sans-retour",
      undefined,
      oidc.ClientSecretBasic(res.data.clientSecret),
      { execute: [oidc.allowInsecureRequests] },
    );
    const tokens = await oidc.clientCredentialsGrant(rp, {});
    expect(tokens.access_token).toBeTruthy();
  });

  describe("les pages et le fournisseur OIDC", () => {
    const bipAuth = (extra: Record<string, string>) => bipAuthorization(server, extra).href;

    it("un caractère nul dans /auth (client_id, state) : une page 400 en français, sans erreur interne", async () => {
      for (const url of [`${server.url}/auth?client_id=%00`, bipAuth({ state: "a\u0000b" }), `${server.url}/?x=%00`]) {
        const res = await fetch(url, { redirect: "manual" });
        expect(res.status, url).toBe(400);
        expect(res.headers.get("content-type")).toContain("text/html");
        expect(await res.text()).toContain("La demande envoyée est incorrecte.");
      }
      const interactions = await server.db.prisma.oidcPayload.count({ where: { type: "Interaction" } });
      expect(interactions).toBe(0);
    });

    // (A form cannot carry a lone surrogate: UTF-8 has none, the browser sends U+FFFD instead.)
    it("un identifiant de connexion avec un caractère nul : refusé en 400 par la page de connexion, sans rien compter", async () => {
      for (const email of [`${AGENT}\u0000`, `\u0000`]) {
        const browser = new Browser();
        const form = await browser.navigate(bipAuth({}), { stopAt: `${server.config.DEMO_RP_URL}/` });
        const action = /<form method="post" action="([^"]+)"/.exec(form.body)![1]!;
        const res = await browser.navigate(new URL(action, server.url), { form: { email, password: "x" } });
        expect(res.status).toBe(400);
        expect(res.body).toContain(LOGIN_MESSAGES.malformed.replace(/'/g, "&#39;"));
      }
      expect(await server.db.prisma.loginThrottle.count()).toBe(0);
    });

    it("un formulaire de connexion de 10 Mo : refusé en 413, par une page en français", async () => {
      const browser = new Browser();
      const form = await browser.navigate(bipAuth({}), { stopAt: `${server.config.DEMO_RP_URL}/` });
      const action = new URL(/<form method="post" action="([^"]+)"/.exec(form.body)![1]!, server.url);
      const body = `email=${"a".repeat(10 * 1024 * 1024)}&password=x`;
      const answer = await new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
        const req = http.request(
          action,
          { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) } },
          (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (c) => (text += c));
            res.on("end", () => resolve({ status: res.statusCode!, type: String(res.headers["content-type"]), text }));
          },
        );
        req.on("error", (e) =>
          (e as NodeJS.ErrnoException).code === "EPIPE" || (e as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(e),
        );
        req.end(body);
      });
      expect(answer.status).toBe(413);
      expect(answer.type).toContain("text/html");
      expect(answer.text).toContain("Le formulaire envoyé est trop volumineux.");
    });

    it("« Première visite ? » avec un caractère nul dans l'adresse : refusé en 400, sans mail", async () => {
      const browser = new FormBrowser(server.url);
      const page = await browser.get("/premiere-visite");
      const mails = await server.db.prisma.mailOutbox.count();
      const res = await browser.submit(page.body, { email: `${AGENT}\u0000` });
      expect(res.status).toBe(400);
      expect(res.body).toContain("Saisissez une adresse e-mail valide");
      expect(await server.db.prisma.mailOutbox.count()).toBe(mails);
    });

    it("le point de jeton avec un code contenant un caractère nul : invalid_grant, pas d'erreur interne", async () => {
      const res = await fetch(`${server.url}/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`bip:${DEMO_BIP_SECRET}`).toString("base64")}`,
        },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code: "a\u0000b",
          redirect_uri: `${server.config.DEMO_RP_URL}/callback`,
          code_verifier: "x".repeat(43),
        }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe("invalid_grant");
    });
  });
});
