// Serves the built AIA console (apps/console/dist) under /aia/: hashed assets cached for a year,
// index.html never cached, and every other path under /aia/ answered by index.html (the SPA's
// own router decides). Without a build, a French page says how to make one.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Middleware } from "koa";
import { escapeHtml, html } from "@convergences/html";
import { page } from "../web/layout.js";
import { cspNonce } from "./security-headers.js";

export const DEFAULT_CONSOLE_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../console/dist");
const PREFIX = "/aia";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

function notBuilt(): string {
  return page({
    title: "Console non construite",
    body: html`<div class="card wide">
      <h1>L'annuaire n'est pas encore construit</h1>
      <p class="info">Le serveur fonctionne, mais l'interface de l'Annuaire des identités et des accès (AIA) n'a pas été construite.</p>
      <p>Construisez-la depuis la racine du projet, puis rechargez cette page :</p>
      <pre><code>pnpm console:build</code></pre>
      <p class="hint">En développement, vous pouvez aussi lancer <code>pnpm --filter @convergences/console dev</code> (Vite sur le port 5173).</p>
    </div>`,
  });
}

export function consoleStatic(distDir: string = DEFAULT_CONSOLE_DIST): Middleware {
  const root = path.resolve(distDir);
  const indexFile = path.join(root, "index.html");

  return async (ctx, next) => {
    if (ctx.path !== PREFIX && !ctx.path.startsWith(`${PREFIX}/`)) return next();
    if (ctx.method !== "GET" && ctx.method !== "HEAD") return next();
    if (ctx.path === PREFIX) {
      ctx.status = 301;
      ctx.redirect(`${PREFIX}/${ctx.querystring ? `?${ctx.querystring}` : ""}`);
      return;
    }
    if (!fs.existsSync(indexFile)) {
      ctx.status = 503;
      ctx.type = "text/html; charset=utf-8";
      ctx.set("Cache-Control", "no-store");
      ctx.body = notBuilt();
      return;
    }

    let relative: string;
    try {
      relative = decodeURIComponent(ctx.path.slice(PREFIX.length + 1));
    } catch {
      ctx.status = 400;
      return;
    }
    const file = path.resolve(root, relative);
    // Never outside dist (../ in the path), and dot-files are not served.
    const inside = file.startsWith(root + path.sep) && !relative.split("/").some((part) => part.startsWith("."));
    const stat = inside ? await fs.promises.stat(file).catch(() => null) : null;

    if (stat?.isFile() && file !== indexFile) {
      const hashed = relative.startsWith("assets/");
      ctx.set("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "public, max-age=3600");
      ctx.type = TYPES[path.extname(file)] ?? "application/octet-stream";
      ctx.length = stat.size;
      ctx.body = ctx.method === "HEAD" ? null : fs.createReadStream(file);
      return;
    }
    // A missing asset is a 404 (an old chunk after a deployment), not the index page.
    if (relative.startsWith("assets/") || path.extname(relative) !== "") {
      ctx.status = 404;
      ctx.type = "text/plain; charset=utf-8";
      ctx.body = "Fichier introuvable";
      return;
    }
    // The CSP (security-headers.ts) lets in only the styles that carry this request's nonce: the
    // console gives it to Emotion (MUI), which writes its <style> elements with it.
    ctx.set("Cache-Control", "no-cache");
    ctx.type = TYPES[".html"]!;
    const index = await fs.promises.readFile(indexFile, "utf8");
    ctx.body =
      ctx.method === "HEAD"
        ? null
        : index.replace("<head>", `<head>\n    <meta name="csp-nonce" content="${escapeHtml(cspNonce() ?? "")}" />`);
  };
}
