// Access tokens for the admin API in tests, signed with the server's own CURRENT key from the
// SigningKey table (the key the provider signs with), in the exact shape the provider issues
// (iss, aud = resource indicator, sub, client_id, scope, exp, jti). Inserts a key if none exists yet.
// A back-office client's token names a client that exists (created here once, « cig-backoffice »)
// and carries the fingerprint of its current secret, as the provider's do (the API checks both).
import crypto from "node:crypto";
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import {
  API_PREFIX,
  ENDPOINTS,
  type EndpointName,
  type Endpoints,
  Problem,
  type RequestOf,
  type ResponseOf,
  pathOf,
} from "@convergences/contract";
import type { TestServer } from "../support/server.js";
import { userId } from "../../src/db/seed.js";
import { CLIENT_SECRET_CLAIM, secretFingerprint } from "../../src/oidc/resource.js";

export const BACK_OFFICE_CLIENT = "cig-backoffice";

/** The back-office client of the tests (client credentials, "aia:admin"), created when missing; its secret. */
export async function backOfficeClient(server: Pick<TestServer, "db" | "box">): Promise<string> {
  const { prisma } = server.db;
  const existing = await prisma.application.findUnique({
    where: { clientId: BACK_OFFICE_CLIENT },
    select: { clientSecretEncrypted: true },
  });
  if (existing?.clientSecretEncrypted) return server.box.open(existing.clientSecretEncrypted);
  const secret = crypto.randomBytes(32).toString("base64url");
  await prisma.application.create({
    data: {
      code: BACK_OFFICE_CLIENT,
      name: "Script d'administration du CIG",
      clientId: BACK_OFFICE_CLIENT,
      clientSecretEncrypted: server.box.seal(secret),
      tokenEndpointAuthMethod: "client_secret_basic",
      redirectUris: [],
      postLogoutRedirectUris: [],
      grantTypes: ["client_credentials"],
      scopes: ["aia:admin"],
      requiresRole: false,
      tileLabel: "Script CIG",
    },
  });
  return secret;
}

export async function signer(server: TestServer) {
  const { prisma } = server.db;
  let row = await prisma.signingKey.findFirst({ where: { status: "CURRENT", alg: "RS256" } });
  if (!row) {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(jwk);
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
    row = await prisma.signingKey.create({
      data: {
        kid,
        alg: "RS256",
        publicJwk: { ...pub, kid, alg: "RS256", use: "sig" },
        privateJwkEncrypted: server.box.seal(JSON.stringify({ ...jwk, kid, alg: "RS256" })),
        status: "CURRENT",
      },
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
    forUser: (email: string, o: { amr?: string[] } = {}) =>
      sign({ sub: userId(email), client_id: "aia-console", scope: "openid aia", amr: o.amr ?? ["pwd", "otp", "mfa"] }),
    forAdminClient: async () =>
      sign({ client_id: BACK_OFFICE_CLIENT, scope: "aia:admin", [CLIENT_SECRET_CLAIM]: secretFingerprint(await backOfficeClient(server)) }),
  };
}

/**
 * The raw client: any method, any path, any body — for the tests that send what no well-behaved
 * client would (malformed ids, unknown fields, wrong methods). Its `data` is whatever came back.
 */
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

export interface Answer<N extends EndpointName> {
  status: number;
  headers: Headers;
  /** The entry's response (parsed by its schema), when the status is a success. */
  data: ResponseOf<Endpoints[N]> | undefined;
  /** The problem document (parsed by the contract's Problem), when it is not. */
  problem: Problem | undefined;
}

/**
 * The typed client of the tests, from the endpoint table: `call("reaffecterUneHabilitation", { params, body })`
 * takes what the entry takes and answers what it answers (or its problem).
 */
export function endpoints(server: TestServer, token: string | null) {
  return async <N extends EndpointName>(
    name: N,
    input: RequestOf<Endpoints[N]> & { headers?: Record<string, string> },
  ): Promise<Answer<N>> => {
    const e = ENDPOINTS[name];
    const { params, query, body, headers } = input as {
      params?: Record<string, string>;
      query?: Record<string, unknown>;
      body?: unknown;
      headers?: Record<string, string>;
    };
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) search.set(k, String(v));
    const qs = search.size ? `?${search}` : "";
    const raw = body instanceof Uint8Array;
    const res = await fetch(`${server.url}${API_PREFIX}${pathOf(e, params)}${qs}`, {
      method: e.method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined && !raw ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
    const type = res.headers.get("content-type") ?? "";
    const json: unknown = type.includes("json") ? await res.json() : undefined;
    // The answer is checked against the entry's schema: a server that drifts from the contract fails the test.
    const data = res.ok && typeof e.response === "object" ? (e.response.parse(json) as ResponseOf<Endpoints[N]>) : undefined;
    return { status: res.status, headers: res.headers, data, problem: res.ok ? undefined : Problem.parse(json) };
  };
}
