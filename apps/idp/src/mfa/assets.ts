// /assets/cle-d-acces.js: @simplewebauthn/browser's own bundle followed by our page script, read once
// and served as one static file (the pages' CSP allows scripts from the server itself only).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type Koa from "koa";

export const PASSKEY_SCRIPT_PATH = "/assets/cle-d-acces.js";

function load() {
  const require = createRequire(import.meta.url);
  // The package's "require" entry is script/index.js; its browser bundle sits beside it.
  const pkg = path.dirname(path.dirname(require.resolve("@simplewebauthn/browser")));
  const lib = fs.readFileSync(path.join(pkg, "dist/bundle/index.umd.min.js"), "utf8");
  const ours = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "passkey-client.js"), "utf8");
  const body = `${lib}\n;\n${ours}`;
  return { body, etag: `"${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 16)}"` };
}

let script: ReturnType<typeof load> | undefined;

export function passkeyAsset(): Koa.Middleware {
  return async (ctx, next) => {
    if (ctx.path !== PASSKEY_SCRIPT_PATH || (ctx.method !== "GET" && ctx.method !== "HEAD")) return next();
    script ??= load();
    ctx.set("cache-control", "public, max-age=3600");
    ctx.set("etag", script.etag);
    if (ctx.get("if-none-match") === script.etag) {
      ctx.status = 304;
      return;
    }
    ctx.type = "application/javascript; charset=utf-8";
    ctx.body = script.body;
  };
}
