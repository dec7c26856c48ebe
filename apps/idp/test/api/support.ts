// Access tokens for the admin API in tests, signed with the server's own CURRENT key from the
// SigningKey table (the key the provider signs with), in the exact shape the provider issues
// (iss, aud = resource indicator, sub, client_id, scope, exp, jti). Inserts a key if none exists yet.
import crypto from "node:crypto";
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import type { TestServer } from "../support/server.js";
import { userId } from "../../src/db/seed.js";

export async function signer(server: TestServer) {
  const { prisma } = server.db;
  let row = await prisma.signingKey.findFirst({ where: { status: "CURRENT", alg: "RS256" } });
  if (!row) {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(jwk);
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
    row = await prisma.signingKey.create({
      data: { kid, alg: "RS256", publicJwk: { ...pub, kid, alg: "RS256", use: "sig" }, privateJwkEncrypted: server.box.seal(JSON.stringify({ ...jwk, kid, alg: "RS256" })), status: "CURRENT" },
    });
  }
  const jwk = JSON.parse(server.box.open(row.privateJwkEncrypted)) as JWK;
  const key = await importJWK(jwk, "RS256");
  const base = server.config.PUBLIC_URL;
  const sign = (claims: Record<string, unknown>, opts: { aud?: string; exp?: string; iss?: string } = {}) =>
    new SignJWT({ ...claims, jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: "RS256", kid: row!.kid, typ: "at+jwt" })
      .setIssuer(opts.iss ?? base)
      .setAudience(opts.aud ?? `${base}/api/v1`)
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? "10m")
      .sign(key);
  return {
    sign,
    // Signed in with a second factor, as référents and CIG administrators must be (api/auth.ts).
    forUser: (email: string, o: { amr?: string[] } = {}) => sign({ sub: userId(email), client_id: "aia-console", scope: "openid aia", amr: o.amr ?? ["pwd", "otp", "mfa"] }),
    forAdminClient: () => sign({ client_id: "cig-backoffice", scope: "aia:admin" }),
  };
}

export function api(server: TestServer, token: string | null) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined && !(body instanceof Uint8Array) ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body),
    });
    const type = res.headers.get("content-type") ?? "";
    const data = type.includes("json") ? await res.json() : await res.text();
    return { status: res.status, data: data as any, headers: res.headers };
  };
}
