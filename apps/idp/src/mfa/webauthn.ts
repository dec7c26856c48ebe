// Passkeys (WebAuthn) with @simplewebauthn/server: registration of several named credentials per
// account (discoverable, user verification required), their use as the second factor after the
// password, and passwordless sign-in. Challenges are rows used once (deleted by the answer), so that
// any instance can check the answer to a challenge another one issued.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { PrismaClient } from "../generated/prisma/client.js";

const CHALLENGE_MS = 5 * 60_000;
export const PASSKEY_NAME_MAX = 60;

export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

/** The relying party is the provider's public address: its host name and its origin. */
export function relyingPartyOf(publicUrl: string, organisation: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, name: `Convergences – ${organisation}`, origin: url.origin };
}

export type Purpose = "register" | "second-factor" | "passwordless";

async function saveChallenge(prisma: PrismaClient, challenge: string, purpose: Purpose, userId: string | null): Promise<string> {
  await prisma.webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  const row = await prisma.webAuthnChallenge.create({
    data: { challenge, purpose, userId, expiresAt: new Date(Date.now() + CHALLENGE_MS) },
  });
  return row.id;
}

/** The challenge, consumed: a second answer to it finds nothing. */
async function takeChallenge(prisma: PrismaClient, id: unknown, purpose: Purpose, userId: string | null): Promise<string | null> {
  if (typeof id !== "string" || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows = await prisma.$queryRaw<{ challenge: string }[]>`
    DELETE FROM "WebAuthnChallenge" WHERE id = ${id}::uuid AND purpose = ${purpose} AND "userId" IS NOT DISTINCT FROM ${userId}::uuid AND "expiresAt" > now()
    RETURNING challenge`;
  return rows[0]?.challenge ?? null;
}

const transportsOf = (t: string[]) => t as AuthenticatorTransport[];

export async function registrationOptions(prisma: PrismaClient, rp: RelyingParty, userId: string) {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      email: true,
      firstName: true,
      lastName: true,
      factors: { where: { kind: "WEBAUTHN" }, select: { credentialId: true, transports: true } },
    },
  });
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: `${user.firstName} ${user.lastName}`,
    userID: new TextEncoder().encode(userId),
    attestationType: "none",
    excludeCredentials: user.factors.map((f) => ({ id: f.credentialId!, transports: transportsOf(f.transports) })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  return { challengeId: await saveChallenge(prisma, options.challenge, "register", userId), options };
}

export type RegisterOutcome = { ok: true; factorId: string; name: string } | { ok: false; message: string };

export async function verifyRegistration(
  prisma: PrismaClient,
  rp: RelyingParty,
  userId: string,
  body: { challengeId?: unknown; response?: unknown; name?: unknown },
): Promise<RegisterOutcome> {
  const name = (typeof body.name === "string" ? body.name.trim() : "").slice(0, PASSKEY_NAME_MAX) || "Clé d'accès";
  const challenge = await takeChallenge(prisma, body.challengeId, "register", userId);
  if (!challenge) return { ok: false, message: "La demande a expiré. Recommencez l'enregistrement de la clé." };
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: body.response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch {
    return { ok: false, message: "La clé d'accès n'a pas pu être vérifiée. Recommencez." };
  }
  if (!verification.verified) return { ok: false, message: "La clé d'accès n'a pas pu être vérifiée. Recommencez." };
  const info = verification.registrationInfo;
  const factor = await prisma.authFactor.create({
    data: {
      userId,
      kind: "WEBAUTHN",
      name,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey),
      counter: BigInt(info.credential.counter),
      transports: info.credential.transports ?? [],
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      confirmedAt: new Date(),
    },
  });
  return { ok: true, factorId: factor.id, name };
}

/** For the second factor, the account's credentials; passwordless (no account yet), any discoverable one. */
export async function authenticationOptions(prisma: PrismaClient, rp: RelyingParty, userId: string | null) {
  const factors = userId
    ? await prisma.authFactor.findMany({ where: { userId, kind: "WEBAUTHN" }, select: { credentialId: true, transports: true } })
    : [];
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: factors.map((f) => ({ id: f.credentialId!, transports: transportsOf(f.transports) })),
    userVerification: userId ? "preferred" : "required",
  });
  const purpose: Purpose = userId ? "second-factor" : "passwordless";
  return { challengeId: await saveChallenge(prisma, options.challenge, purpose, userId), options };
}

export type AuthenticateOutcome =
  | { ok: true; userId: string; deviceType: string | null; userVerified: boolean }
  | { ok: false; message: string };

export async function verifyAuthentication(
  prisma: PrismaClient,
  rp: RelyingParty,
  userId: string | null,
  body: { challengeId?: unknown; response?: unknown },
): Promise<AuthenticateOutcome> {
  const refused = { ok: false as const, message: "Cette clé d'accès n'est pas reconnue. Utilisez une clé enregistrée sur votre compte." };
  const challenge = await takeChallenge(prisma, body.challengeId, userId ? "second-factor" : "passwordless", userId);
  if (!challenge) return { ok: false, message: "La demande a expiré. Recommencez." };
  const response = body.response as AuthenticationResponseJSON | undefined;
  if (!response || typeof response.id !== "string") return refused;
  const factor = await prisma.authFactor.findUnique({ where: { credentialId: response.id } });
  if (factor?.kind !== "WEBAUTHN" || !factor.publicKey || (userId && factor.userId !== userId)) return refused;
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: factor.credentialId!,
        publicKey: new Uint8Array(factor.publicKey),
        counter: Number(factor.counter),
        transports: transportsOf(factor.transports),
      },
      requireUserVerification: !userId,
    });
  } catch {
    return refused;
  }
  if (!verification.verified) return refused;
  // The signature counter only grows (when the authenticator keeps one): a clone is refused.
  const updated = await prisma.authFactor.updateMany({
    where: { id: factor.id, OR: [{ counter: { lt: BigInt(verification.authenticationInfo.newCounter) } }, { counter: 0n }] },
    data: { counter: BigInt(verification.authenticationInfo.newCounter), lastUsedAt: new Date() },
  });
  if (!updated.count) return refused;
  return { ok: true, userId: factor.userId, deviceType: factor.deviceType, userVerified: verification.authenticationInfo.userVerified };
}
