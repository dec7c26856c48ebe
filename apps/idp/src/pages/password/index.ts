// The password pages: « Première visite ? », « Mot de passe oublié ? » and the page of the one-time
// link. Server-rendered, usable without JavaScript, protected against CSRF.
import Router from "@koa/router";
import { bodyParser } from "@koa/bodyparser";
import type Koa from "koa";
import type { AppContext } from "../../server.js";
import { loadSecretKey } from "../../lib/secretbox.js";
import { createCsrf } from "./csrf.js";
import { requestLinkHandlers, REQUEST_LINK_PAGES } from "./request-link.js";
import { setPasswordHandlers } from "./set-password.js";

/** These pages carry one-time links in their URL: never cached (no Referer and no framing: every page, ../../http/security-headers.ts). */
const protectiveHeaders: Koa.Middleware = async (ctx, next) => {
  ctx.set("Cache-Control", "no-store");
  await next();
};

export function passwordRoutes(app: AppContext): Koa.Middleware {
  const csrf = createCsrf(loadSecretKey(app.config).key);
  const form = bodyParser({ enableTypes: ["form"], formLimit: "16kb" });
  const router = new Router();
  router.use(protectiveHeaders);
  for (const purpose of ["FIRST_VISIT", "PASSWORD_RESET"] as const) {
    const { show, submit } = requestLinkHandlers(app, csrf, purpose);
    router.get(REQUEST_LINK_PAGES[purpose].path, show);
    router.post(REQUEST_LINK_PAGES[purpose].path, form, submit);
  }
  const definir = setPasswordHandlers(app, csrf);
  router.get("/mot-de-passe/definir", definir.show);
  router.post("/mot-de-passe/definir", form, definir.submit);
  return router.routes() as unknown as Koa.Middleware;
}
