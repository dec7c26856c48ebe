// Token signing keys, shared by every instance through the SigningKey table, the private JWK sealed
// with the SecretBox. Two algorithms, one CURRENT key each:
//  - ES256 (P-256) signs ID tokens and logout tokens (ID_TOKEN_SIGNING_ALG, default) and the access
//    tokens of the admin API — which only the API itself verifies, against this table: a signature
//    costs ~0.05 ms of CPU where RSA-2048 costs ~1 ms, on every login, refresh and API token (BENCHMARKS.md);
//  - RS256 (RSA-2048) signs the ID tokens when ID_TOKEN_SIGNING_ALG=RS256 (relying parties that only
//    know RS256); the API still accepts RS256 tokens (those issued before the change, until they expire).
// The first instance to start generates what is missing; `pnpm keys:rotate` makes a new CURRENT key of
// each algorithm, turns the old ones into PREVIOUS (still published in the JWKS, still accepted by the
// API) and retires the ones before.
import crypto from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { SecretBox } from "../lib/secretbox.js";

export const SIGNING_ALGS = ["ES256", "RS256"] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];
/** The admin API's access tokens: the API verifies them itself (api/auth.ts), so the fast curve. */
export const API_TOKEN_ALG: SigningAlg = "ES256";
const LOCK = 4242_0001; // pg_advisory_xact_lock key: one generator/rotator at a time across instances

export interface SigningKeys {
  /** Private JWKs, CURRENT first: oidc-provider signs with the first of the wanted algorithm and publishes all. */
  privateJwks: JWK[];
  kids: string[];
}

async function newKey(box: SecretBox, alg: SigningAlg) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "RS256" ? { modulusLength: 2048 } : {}) });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const privateJwk = { ...jwk, kid, alg, use: "sig" };
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  return { kid, alg, publicJwk, privateJwkEncrypted: box.seal(JSON.stringify(privateJwk)) };
}

/** Loads the CURRENT and PREVIOUS keys, generating a CURRENT key for each algorithm that has none. */
export async function ensureSigningKeys(prisma: PrismaClient, box: SecretBox): Promise<SigningKeys> {
  const current = await prisma.signingKey.findMany({ where: { status: "CURRENT" }, select: { alg: true } });
  const missing = SIGNING_ALGS.filter((alg) => !current.some((k) => k.alg === alg));
  if (missing.length) {
    const keys = await Promise.all(missing.map((alg) => newKey(box, alg)));
    await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK}::bigint)`;
      for (const key of keys) {
        if ((await tx.signingKey.count({ where: { status: "CURRENT", alg: key.alg } })) === 0) {
          await tx.signingKey.create({ data: { ...key, status: "CURRENT" } });
        }
      }
    });
  }
  return loadSigningKeys(prisma, box);
}

export async function loadSigningKeys(prisma: PrismaClient, box: SecretBox): Promise<SigningKeys> {
  const rows = await prisma.signingKey.findMany({
    where: { status: { in: ["CURRENT", "PREVIOUS"] } },
    orderBy: [{ status: "asc" }, { alg: "asc" }, { createdAt: "desc" }],
  });
  // enum order CURRENT < PREVIOUS < RETIRED: CURRENT comes first (ES256, then RS256)
  const privateJwks = rows.map((r) => JSON.parse(box.open(r.privateJwkEncrypted)) as JWK);
  return { privateJwks, kids: rows.map((r) => r.kid) };
}

/** A new CURRENT key of each algorithm; the CURRENT ones become PREVIOUS; older PREVIOUS keys are RETIRED. */
export async function rotateSigningKeys(prisma: PrismaClient, box: SecretBox): Promise<{ current: string[]; previous: string[] }> {
  const keys = await Promise.all(SIGNING_ALGS.map((alg) => newKey(box, alg)));
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK}::bigint)`;
    const now = new Date();
    await tx.signingKey.updateMany({ where: { status: "PREVIOUS" }, data: { status: "RETIRED", rotatedAt: now } });
    await tx.signingKey.updateMany({ where: { status: "CURRENT" }, data: { status: "PREVIOUS", rotatedAt: now } });
    for (const key of keys) await tx.signingKey.create({ data: { ...key, status: "CURRENT", createdAt: now } });
    const previous = await tx.signingKey.findMany({ where: { status: "PREVIOUS" }, select: { kid: true }, orderBy: { alg: "asc" } });
    return { current: keys.map((k) => k.kid), previous: previous.map((p) => p.kid) };
  });
}

/** Cookie signing keys shared by every instance (Koa's app.keys and oidc-provider's cookies.keys). */
export async function ensureCookieKeys(prisma: PrismaClient, box: SecretBox): Promise<string[]> {
  const name = "oidc-cookie-keys";
  const found = await prisma.serverSecret.findUnique({ where: { name } });
  if (!found) {
    const value = box.seal(JSON.stringify([crypto.randomBytes(32).toString("base64url")]));
    await prisma.serverSecret.createMany({ data: [{ name, valueEncrypted: value }], skipDuplicates: true });
  }
  const row = await prisma.serverSecret.findUniqueOrThrow({ where: { name } });
  return JSON.parse(box.open(row.valueEncrypted)) as string[];
}
