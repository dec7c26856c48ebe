// The demo relying party standing for BIP: a confidential client (client_secret_basic) using the
// authorization code flow with PKCE (S256), state and nonce, RP-initiated logout, and back-channel logout.
import Router from "@koa/router";
import Koa from "koa";
import * as oidc from "openid-client";
import { logoutTokenVerifier } from "./logout-token.js";
import { SessionStore } from "./sessions.js";
import { errorPage, homePage, signedOutPage, type ShownClaims } from "./views.js";

export interface DemoRpOptions {
  /** From discovery (see discover()). */
  config: oidc.Configuration;
  clientId: string;
  /** Where this application is reached by browsers, e.g. http://localhost:3001. */
  baseUrl: string;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

const SESSION_COOKIE = "bip_demo_session";
const LOGIN_COOKIE = "bip_demo_login";

async function readForm(req: Koa.Request, limit = 16_384): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error("corps de requête trop volumineux");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export function createDemoRp(o: DemoRpOptions): { app: Koa; sessions: SessionStore } {
  const { config, clientId, baseUrl } = o;
  const log = o.log ?? (() => {});
  const sessions = new SessionStore();
  const metadata = config.serverMetadata();
  const logoutTokens = logoutTokenVerifier({ issuer: metadata.issuer, jwksUri: metadata.jwks_uri!, clientId });
  const cookie = (ctx: Koa.Context) => ({ httpOnly: true, sameSite: "lax" as const, secure: ctx.secure, signed: false, path: "/" });
  const router = new Router();

  router.get("/", (ctx) => {
    const session = sessions.get(ctx.cookies.get(SESSION_COOKIE));
    ctx.set("Cache-Control", "no-store");
    ctx.type = "html";
    ctx.body = session ? homePage(session.claims) : signedOutPage(ctx.query.deconnecte !== undefined ? "Vous êtes déconnecté." : undefined);
  });

  router.get("/connexion", async (ctx) => {
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const id = sessions.startLogin({ verifier, nonce, state });
    ctx.cookies.set(LOGIN_COOKIE, id, { ...cookie(ctx), maxAge: 10 * 60_000 });
    ctx.redirect(
      oidc.buildAuthorizationUrl(config, {
        redirect_uri: `${baseUrl}/callback`,
        scope: "openid profile email",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        nonce,
        state,
      }).href,
    );
  });

  router.get("/callback", async (ctx) => {
    const pending = sessions.takeLogin(ctx.cookies.get(LOGIN_COOKIE));
    ctx.cookies.set(LOGIN_COOKIE, null, cookie(ctx));
    ctx.type = "html";
    if (typeof ctx.query.error === "string") {
      ctx.status = 400;
      ctx.body = errorPage(String(ctx.query.error_description ?? "La connexion a été refusée."));
      return;
    }
    if (!pending) {
      ctx.status = 400;
      ctx.body = errorPage("La demande de connexion a expiré ou n'a pas été commencée ici. Veuillez recommencer.");
      return;
    }
    try {
      const tokens = await oidc.authorizationCodeGrant(config, new URL(ctx.originalUrl, baseUrl), {
        pkceCodeVerifier: pending.verifier,
        expectedNonce: pending.nonce,
        expectedState: pending.state,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      const id = sessions.create({
        claims: claims as unknown as ShownClaims,
        idToken: tokens.id_token!,
        idpSid: typeof claims.sid === "string" ? claims.sid : undefined,
      });
      ctx.cookies.set(SESSION_COOKIE, id, cookie(ctx));
      log("connexion", { sub: claims.sub });
      ctx.redirect("/");
    } catch (e) {
      log("échec de la connexion", { error: (e as Error).message });
      ctx.status = 400;
      ctx.body = errorPage("La réponse du fournisseur d'identité n'a pas pu être validée. Veuillez recommencer.");
    }
  });

  router.get("/deconnexion", (ctx) => {
    const id = ctx.cookies.get(SESSION_COOKIE);
    const session = sessions.get(id);
    sessions.delete(id);
    ctx.cookies.set(SESSION_COOKIE, null, cookie(ctx));
    if (!session) return ctx.redirect("/?deconnecte");
    // RP-initiated logout: the provider ends its own session (after its confirmation page) and comes back.
    ctx.redirect(
      oidc.buildEndSessionUrl(config, { id_token_hint: session.idToken, post_logout_redirect_uri: `${baseUrl}/`, client_id: clientId })
        .href,
    );
  });

  router.post("/backchannel-logout", async (ctx) => {
    ctx.set("Cache-Control", "no-store");
    try {
      const form = await readForm(ctx.request);
      const token = form.get("logout_token");
      if (!token) throw new Error("logout_token absent");
      const { sid, sub } = await logoutTokens.verify(token);
      const ended = sessions.endBy({ sid, sub });
      log("déconnexion back-channel", { sid, sub, ended });
      ctx.status = 200;
      ctx.body = "";
    } catch (e) {
      log("jeton de déconnexion refusé", { error: (e as Error).message });
      ctx.status = 400;
      ctx.body = { error: "invalid_request", error_description: (e as Error).message };
    }
  });

  const app = new Koa({ proxy: true });
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, sessions };
}

/** Discovery, retried while the provider is not answering yet (both start together). */
export async function discover(
  issuer: string,
  clientId: string,
  secret: string,
  o: { retryMs?: number; timeoutMs?: number; log?: (msg: string, fields?: Record<string, unknown>) => void } = {},
): Promise<oidc.Configuration> {
  const { retryMs = 1000, timeoutMs = 120_000 } = o;
  const deadline = Date.now() + timeoutMs;
  const url = new URL(issuer);
  for (let attempt = 1; ; attempt++) {
    try {
      return await oidc.discovery(url, clientId, { client_secret: secret }, oidc.ClientSecretBasic(secret), {
        execute: url.protocol === "http:" ? [oidc.allowInsecureRequests] : [],
        timeout: 5,
      });
    } catch (e) {
      if (Date.now() + retryMs > deadline) throw e;
      if (attempt === 1 || attempt % 10 === 0)
        o.log?.("fournisseur d'identité pas encore disponible, nouvel essai", { issuer, attempt, error: (e as Error).message });
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }
}
