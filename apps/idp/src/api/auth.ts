// Bearer access tokens for /api/v1: JWTs that our provider signs with the keys of the SigningKey
// table, verified with jose (issuer, audience = the API's resource indicator, expiry; ES256, RS256 still accepted).
// The caller becomes an Actor: a signed-in person (scope "aia") or a back-office client acting as
// CIG administrator (client credentials, scope "aia:admin"). Both are re-read from the database on
// every request: a locked or deleted person, a disabled, deleted or re-keyed client loses the API at
// once (the client's row for at most CLIENT_CHECK_MS on another instance; at once on this one).
import type Koa from "koa";
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWK, type JWTPayload } from "jose";
import type { AppContext } from "../server.js";
import { accountState } from "../auth/account-state.js";
import { isId } from "@convergences/contract";
import { clientRow } from "../db/queries/applications.js";
import { actorRow } from "../db/queries/users.js";
import { ApiError } from "./problem.js";
import type { Actor } from "./policy.js";
import { recordAudit } from "./audit.js";
import { isMultiFactor } from "../mfa/amr.js";
import { CLIENT_SECRET_CLAIM, secretFingerprint } from "../oidc/resource.js";

declare module "koa" {
  interface DefaultState {
    actor?: Actor;
  }
}

const KEYS_TTL_MS = 30_000;

function apiAudience(publicUrl: string) {
  return `${publicUrl}/api/v1`;
}

/** The public keys, reloaded every 30 s, or at once when a token names an unknown kid. */
function keyStore({ db }: AppContext) {
  let cached: { at: number; jwks: ReturnType<typeof createLocalJWKSet>; kids: Set<string> } | null = null;
  async function load() {
    const rows = await db.prisma.signingKey.findMany({
      where: { status: { in: ["CURRENT", "PREVIOUS"] } },
      select: { kid: true, alg: true, publicJwk: true },
    });
    const keys = rows.map((r) => ({ ...(r.publicJwk as JWK), kid: r.kid, alg: r.alg, use: "sig" }));
    cached = { at: Date.now(), jwks: createLocalJWKSet({ keys } as JSONWebKeySet), kids: new Set(rows.map((r) => r.kid)) };
    return cached;
  }
  return async (kid: string | undefined) => {
    if (!cached || Date.now() - cached.at > KEYS_TTL_MS || (kid && !cached.kids.has(kid))) {
      // A burst of tokens with a bogus kid must not turn into a burst of queries.
      if (!cached || Date.now() - cached.at > 1000) await load();
    }
    return cached!.jwks;
  };
}

export function authenticate(app: AppContext): Koa.Middleware {
  const keys = keyStore(app);
  const clients = backOfficeClients(app);
  const issuer = app.config.PUBLIC_URL;
  const audience = apiAudience(app.config.PUBLIC_URL);
  return async (ctx, next) => {
    const header = ctx.get("authorization");
    const m = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
    if (!m) throw new ApiError("UNAUTHENTICATED");
    const token = m[1]!;
    let payload: JWTPayload;
    try {
      const kid = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")).kid as string | undefined;
      const jwks = await keys(kid);
      ({ payload } = await jwtVerify(token, jwks, { issuer, audience, algorithms: ["RS256", "PS256", "ES256"], clockTolerance: 5 }));
    } catch (e) {
      if (e instanceof joseErrors.JOSEError || e instanceof SyntaxError) throw new ApiError("TOKEN_INVALID");
      throw e;
    }
    const scopes = new Set(
      String(payload.scope ?? "")
        .split(" ")
        .filter(Boolean),
    );
    const clientId = typeof payload.client_id === "string" ? payload.client_id : null;
    if (typeof payload.sub === "string" && payload.sub) {
      if (!scopes.has("aia")) throw new ApiError("TOKEN_INVALID");
      ctx.state.actor = await loadUserActor(app, payload.sub, clientId);
      // A référent's or CIG administrator's token is refused unless he signed in with a second factor.
      const actor = ctx.state.actor;
      if ((actor.cigAdmin || actor.referent.length) && !isMultiFactor(payload.amr)) {
        await recordAudit(ctx, {
          action: "api.mfa_required",
          outcome: "denied",
          targetType: "user",
          targetId: actor.userId,
          targetLabel: actor.label,
        });
        throw new ApiError("MFA_REQUIRED");
      }
    } else if (scopes.has("aia:admin") && clientId) {
      if (!(await clients(clientId, payload[CLIENT_SECRET_CLAIM]))) throw new ApiError("TOKEN_INVALID");
      ctx.state.actor = { kind: "client", userId: null, label: `client ${clientId}`, cigAdmin: true, referent: [] };
    } else {
      throw new ApiError("TOKEN_INVALID");
    }
    await next();
  };
}

/** How long this instance trusts what it read of a back-office client (changes made here are seen at once). */
const CLIENT_CHECK_MS = 2_000;
const clientCaches = new WeakMap<object, Map<string, { at: number; fingerprint: string | null }>>();

/** Forgets what was read of a client (its application was changed, re-keyed or deleted through this instance). */
export function forgetClient(app: AppContext, clientId?: string): void {
  const cache = clientCaches.get(app.db);
  if (!cache) return;
  if (clientId) cache.delete(clientId);
  else cache.clear();
}

/**
 * Is the token's client still a back-office client, with the secret the token was obtained with?
 * Its application must exist, be enabled, allow client credentials and the "aia:admin" scope.
 */
function backOfficeClients(app: AppContext) {
  let cache = clientCaches.get(app.db);
  if (!cache) {
    cache = new Map();
    clientCaches.set(app.db, cache);
  }
  const known = cache;
  return async (clientId: string, claimed: unknown): Promise<boolean> => {
    let hit = known.get(clientId);
    if (!hit || Date.now() - hit.at > CLIENT_CHECK_MS) {
      const row = await clientRow(app.db.sql, clientId);
      const ok =
        !!row &&
        row.enabled &&
        row.scopes.includes("aia:admin") &&
        row.grantTypes.includes("client_credentials") &&
        !!row.clientSecretEncrypted;
      let fingerprint: string | null = null;
      if (ok) {
        try {
          fingerprint = secretFingerprint(app.box.open(row.clientSecretEncrypted!));
        } catch {
          fingerprint = null;
        }
      }
      if (known.size > 1000) known.clear();
      hit = { at: Date.now(), fingerprint };
      known.set(clientId, hit);
    }
    return !!hit.fingerprint && claimed === hit.fingerprint;
  };
}

/** The person behind the token and his mandates, in one statement, on every request (a lock is felt at once). */
async function loadUserActor({ db }: AppContext, userId: string, clientId: string | null): Promise<Actor> {
  if (!isId(userId)) throw new ApiError("TOKEN_INVALID");
  const user = await actorRow(db.sql, userId);
  // A deleted, locked or expired account loses the API at once, whatever its token says.
  if (!user || accountState(user) !== "active") throw new ApiError("TOKEN_INVALID");
  const mandates = user.mandates ?? [];
  return {
    kind: "user",
    userId: user.id,
    label: `${user.firstName} ${user.lastName} <${user.email}>${clientId && clientId !== "aia-console" ? ` via ${clientId}` : ""}`,
    cigAdmin: mandates.some((m) => m.kind === "CIG_ADMIN"),
    referent: mandates
      .filter((m) => m.kind === "REFERENT" && m.structureId)
      .map((m) => ({ structureId: m.structureId!, applicationIds: m.applicationIds })),
  };
}
