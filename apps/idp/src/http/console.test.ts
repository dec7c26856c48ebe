// The console's static server: the SPA under /aia/, long cache for hashed assets, fallback to
// index.html for the SPA's routes (the OIDC callback among them), and a French page when not built.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleStatic } from "./console.js";
import { securityHeaders } from "./security-headers.js";

const dist = fs.mkdtempSync(path.join(os.tmpdir(), "console-dist-"));
const missing = path.join(dist, "absent");
let server: http.Server;
let base: string;

beforeAll(async () => {
  fs.mkdirSync(path.join(dist, "assets"));
  fs.writeFileSync(path.join(dist, "index.html"), "<!doctype html><html><head><title>AIA</title></head></html>");
  fs.writeFileSync(path.join(dist, "assets", "index-AbC123.js"), "console.log('aia')");
  fs.writeFileSync(path.join(dist, "logo-cig.svg"), "<svg/>");
  fs.writeFileSync(path.join(os.tmpdir(), "secret.txt"), "secret");
  const app = new Koa();
  app.use(securityHeaders("http://127.0.0.1"));
  app.use(async (ctx, next) => {
    ctx.path.startsWith("/absent")
      ? await consoleStatic(missing)(Object.assign(ctx, { path: ctx.path.replace("/absent", "") }), next)
      : await next();
  });
  app.use(consoleStatic(dist));
  app.use((ctx) => {
    ctx.body = "suite";
  });
  server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dist, { recursive: true, force: true });
});

describe("la console servie sous /aia/", () => {
  it("sert index.html sans cache, avec une politique de sécurité du contenu", async () => {
    const res = await fetch(`${base}/aia/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    // MUI's styles are let in by this response's nonce, handed to the console in a meta element.
    const nonce = /style-src 'self' 'nonce-([^']+)'/.exec(csp)![1]!;
    const body = await res.text();
    expect(body).toContain(`<meta name="csp-nonce" content="${nonce}" />`);
    expect(body).toContain("<title>AIA</title>");
    const again = (await fetch(`${base}/aia/`)).headers.get("content-security-policy")!;
    expect(again).not.toContain(nonce);
  });

  it("répond index.html pour les écrans de la console, dont le retour de connexion /aia/callback", async () => {
    for (const route of ["/aia/callback?code=x&state=y", "/aia/utilisateurs/123", "/aia/structures"]) {
      const res = await fetch(`${base}${route}`);
      expect(res.status, route).toBe(200);
      expect(await res.text()).toContain("<title>AIA</title>");
    }
  });

  it("met en cache pour un an les fichiers dont le nom porte une empreinte", async () => {
    const res = await fetch(`${base}/aia/assets/index-AbC123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const logo = await fetch(`${base}/aia/logo-cig.svg`);
    expect(logo.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("répond 404 pour un fichier absent, sans renvoyer la page d'accueil", async () => {
    const res = await fetch(`${base}/aia/assets/ancien-Zz9.js`);
    expect(res.status).toBe(404);
  });

  it("ne sort jamais du répertoire construit", async () => {
    // Sent raw: fetch would normalise the dots away before sending.
    for (const rawPath of ["/aia/..%2fsecret.txt", "/aia/%2e%2e%2fsecret.txt", "/aia/assets/..%2f..%2fsecret.txt"]) {
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        http
          .get(`${base}${rawPath}`, (res) => {
            let body = "";
            res.on("data", (c) => (body += c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          })
          .on("error", reject);
      });
      expect(status, rawPath).toBe(404);
      expect(body).not.toContain("secret");
    }
  });

  it("redirige /aia vers /aia/ et laisse passer les autres chemins", async () => {
    const res = await fetch(`${base}/aia`, { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe("/aia/");
    expect(await (await fetch(`${base}/api/v1/me`)).text()).toBe("suite");
  });

  it("sans construction, explique en français comment construire la console", async () => {
    const res = await fetch(`${base}/absent/aia/`);
    expect(res.status).toBe(503);
    const body = await res.text();
    expect(body).toContain("L'annuaire n'est pas encore construit");
    expect(body).toContain("pnpm console:build");
  });
});
