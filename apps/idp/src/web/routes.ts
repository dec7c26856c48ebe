// The routes of the password pages: « Première visite », « Mot de passe oublié » and « Définir votre
// mot de passe » (the page of the one-time link). Server-rendered, usable without JavaScript,
// protected against CSRF. (The portal and « Sécurité du compte » need the OIDC session: they are
// mounted with the provider, ../oidc/index.ts; the sign-in pages are steps of its interaction,
// ../interactions/routes.ts.)
import Router from "@koa/router";
import { bodyParser } from "@koa/bodyparser";
import type Koa from "koa";
import type { AppContext } from "../server.js";
import { loadSecretKey } from "../lib/secretbox.js";
import { createCsrf } from "./csrf.js";
import { setPasswordPage } from "./definir-le-mot-de-passe.js";
import { passwordResetPage } from "./mot-de-passe-oublie.js";
import { firstVisitPage } from "./premiere-visite.js";

/** A page with a form: shown by GET, the form posted back to the same address. */
export interface FormPage {
  path: string;
  show: Koa.Middleware;
  submit: Koa.Middleware;
}

/** These pages carry one-time links in their URL: never cached (no Referer and no framing: every page, ../http/security-headers.ts). */
const protectiveHeaders: Koa.Middleware = async (ctx, next) => {
  ctx.set("Cache-Control", "no-store");
  await next();
};

export function passwordRoutes(app: AppContext): Koa.Middleware {
  const csrf = createCsrf(loadSecretKey(app.config).key);
  const form = bodyParser({ enableTypes: ["form"], formLimit: "16kb" });
  const router = new Router();
  router.use(protectiveHeaders);
  for (const { path, show, submit } of [firstVisitPage(app, csrf), passwordResetPage(app, csrf), setPasswordPage(app, csrf)]) {
    router.get(path, show);
    router.post(path, form, submit);
  }
  return router.routes() as unknown as Koa.Middleware;
}
