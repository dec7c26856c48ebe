// Token signing keys, shared by every instance through the SigningKey table: RS256, the private JWK
// sealed with the SecretBox. The first instance to start generates one; `pnpm keys:rotate` makes a
// new CURRENT key, turns the old one into PREVIOUS (still published in the JWKS, still accepted by the
// API) and retires the one before.
import crypto from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { SecretBox } from "../lib/secretbox.js";

export const SIGNING_ALG = "RS256";
const LOCK = 4242_0001; // pg_advisory_xact_lock key: one generator/rotator at a time across instances

export interface SigningKeys {
  /** Private JWKs, CURRENT first: oidc-provider signs with the first and publishes all. */
  privateJwks: JWK[];
  kids: string[];
}

async function newKey(box: SecretBox) {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const privateJwk = { ...jwk, kid, alg: SIGNING_ALG, use: "sig" };
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  return { kid, alg: SIGNING_ALG, publicJwk, privateJwkEncrypted: box.seal(JSON.stringify(privateJwk)) };
}

/** Loads the CURRENT and PREVIOUS keys, generating the first one if there is none. */
export async function ensureSigningKeys(prisma: PrismaClient, box: SecretBox): Promise<SigningKeys> {
  const existing = await loadSigningKeys(prisma, box);
  if (existing.kids.length) return existing;
  const key = await newKey(box);
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK}::bigint)`;
    if ((await tx.signingKey.count({ where: { status: "CURRENT" } })) === 0) {
      await tx.signingKey.create({ data: { ...key, status: "CURRENT" } });
    }
  });
  return loadSigningKeys(prisma, box);
}

export async function loadSigningKeys(prisma: PrismaClient, box: SecretBox): Promise<SigningKeys> {
  const rows = await prisma.signingKey.findMany({
    where: { status: { in: ["CURRENT", "PREVIOUS"] } },
    orderBy: [{ status: "asc" }, { createdAt: "desc" }],
  });
  // enum order CURRENT < PREVIOUS < RETIRED: CURRENT comes first
  const privateJwks = rows.map((r) => JSON.parse(box.open(r.privateJwkEncrypted)) as JWK);
  return { privateJwks, kids: rows.map((r) => r.kid) };
}

/** A new CURRENT key; the CURRENT one becomes PREVIOUS; older PREVIOUS keys are RETIRED. */
export async function rotateSigningKeys(prisma: PrismaClient, box: SecretBox): Promise<{ current: string; previous: string[] }> {
  const key = await newKey(box);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK}::bigint)`;
    const now = new Date();
    await tx.signingKey.updateMany({ where: { status: "PREVIOUS" }, data: { status: "RETIRED", rotatedAt: now } });
    await tx.signingKey.updateMany({ where: { status: "CURRENT" }, data: { status: "PREVIOUS", rotatedAt: now } });
    await tx.signingKey.create({ data: { ...key, status: "CURRENT" } });
    const previous = await tx.signingKey.findMany({ where: { status: "PREVIOUS" }, select: { kid: true } });
    return { current: key.kid, previous: previous.map((p) => p.kid) };
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
