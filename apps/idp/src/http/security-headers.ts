// The security headers of every response, set in this one place (helmet): no framing
// (frame-ancestors 'none' and X-Frame-Options DENY), a Content-Security-Policy without
// 'unsafe-inline' (the pages' own <style> and the console's styles carry a per-request nonce;
// oidc-provider adds the hash of its form_post script to script-src itself), nosniff, no Referer
// (pages carry one-time links and interaction ids in their URLs).
// No form-action: the sign-in and logout forms end in redirects to the applications' own addresses,
// which browsers check against form-action too.
import crypto from "node:crypto";
import type Koa from "koa";
import helmet from "koa-helmet";
import { requestScope } from "../lib/request-scope.js";

/** The nonce of the current request's CSP, for the <style>/<script> elements of a page. */
export function cspNonce(): string | undefined {
  return requestScope.getStore()?.nonce;
}

const nonceSource = () => `'nonce-${cspNonce() ?? ""}'`;

export function securityHeaders(publicUrl: string): Koa.Middleware {
  const https = new URL(publicUrl).protocol === "https:";
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", nonceSource],
        styleSrc: ["'self'", nonceSource],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    // HSTS only makes sense (and is only honoured) over HTTPS.
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
  });
  // The request's scope starts here (lib/request-scope.ts): the OIDC unit of work joins it later.
  return (ctx, next) => requestScope.run({ nonce: crypto.randomBytes(16).toString("base64") }, () => headers(ctx, next));
}
