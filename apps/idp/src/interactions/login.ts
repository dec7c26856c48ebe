// Checking a sign-in attempt: throttling first, then the password (the same work whether or not the
// address belongs to someone), then the account's state. Returns what the login page must say.
import type { PrismaClient } from "../generated/prisma/client.js";
import { ACCOUNT_STATE_MESSAGES, accountState } from "../auth/account-state.js";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "../auth/password.js";
import { DEFAULT_THROTTLE, recordFailure, recordSuccess, sleep, throttleKeys, throttleStatus, type ThrottlePolicy } from "../auth/throttle.js";

export const LOGIN_MESSAGES = {
  missing: "Saisissez votre adresse e-mail et votre mot de passe.",
  invalid: "Adresse e-mail ou mot de passe incorrect.",
  blocked:
    "Trop de tentatives de connexion infructueuses. Par sécurité, la connexion est suspendue pendant quelques minutes. Réessayez plus tard ou utilisez « Mot de passe oublié ? ».",
} as const;

export type LoginOutcome =
  | { ok: true; userId: string }
  | { ok: false; status: number; message: string };

export async function checkLogin(
  prisma: PrismaClient,
  input: { email: string; password: string; ip: string },
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): Promise<LoginOutcome> {
  const email = input.email.trim();
  if (!email || !input.password) return { ok: false, status: 400, message: LOGIN_MESSAGES.missing };

  const keys = throttleKeys(email, input.ip);
  const throttle = await throttleStatus(prisma, keys, policy);
  if (throttle.blockedUntil) return { ok: false, status: 429, message: LOGIN_MESSAGES.blocked };
  if (throttle.delayMs) await sleep(throttle.delayMs);

  const user = await prisma.user.findUnique({
    where: { emailLower: email.toLowerCase() },
    select: { id: true, passwordHash: true, locked: true, validFrom: true, validUntil: true },
  });
  const stored = user?.passwordHash ?? null;
  const verified = await verifyPassword(stored ?? (await dummyHash()), input.password);
  if (!user || !stored || !verified) {
    await recordFailure(prisma, keys, policy);
    return { ok: false, status: 401, message: LOGIN_MESSAGES.invalid };
  }

  await recordSuccess(prisma, keys);
  const state = accountState(user);
  if (state !== "active") return { ok: false, status: 403, message: ACCOUNT_STATE_MESSAGES[state] };

  await prisma.user.update({
    where: { id: user.id },
    data: {
      lastLoginAt: new Date(),
      // Parameters changed since this hash was made: store a new one while we hold the password.
      ...(needsRehash(stored) ? { passwordHash: await hashPassword(input.password) } : {}),
    },
  });
  return { ok: true, userId: user.id };
}
