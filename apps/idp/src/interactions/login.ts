import { ACCOUNT_STATE_MESSAGES, accountState } from "../auth/account-state.js";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "../auth/password.js";
import { DEFAULT_THROTTLE, loginLimits, reservationVerdict, sleep, type ThrottlePolicy } from "../auth/throttle.js";
import { signedIn, signInRow } from "../db/queries/login-throttle.js";
import os from "node:os";
import { hasForbiddenCharacters } from "../lib/text.js";
import type { Sql } from "../db/sql.js";

export const LOGIN_MESSAGES = {
  missing: "Saisissez votre adresse e-mail et votre mot de passe.",
  invalid: "Adresse e-mail ou mot de passe incorrect.",
  malformed: "L'adresse e-mail ou le mot de passe contient un caractère non autorisé, ou est trop long.",
  blocked:
    "Trop de tentatives de connexion infructueuses. Par sécurité, la connexion est suspendue pendant quelques minutes. Réessayez plus tard ou utilisez « Mot de passe oublié ? ».",
} as const;

export type LoginOutcome = { ok: true; userId: string } | { ok: false; status: number; message: string };

// At most one argon2id computation per vCPU at a time: more would not go faster (each one keeps a CPU
// busy), but each holds its 19 MiB, which made the server's memory peak during sign-in bursts.
let freeSlots = Math.max(1, os.availableParallelism());
const waiting: (() => void)[] = [];
async function inHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (freeSlots > 0) freeSlots--;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else freeSlots++;
  }
}

export async function checkLogin(
  sql: Sql,
  input: { email: string; password: string; ip: string },
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): Promise<LoginOutcome> {
  const email = input.email.trim();
  if (!email || !input.password) return { ok: false, status: 400, message: LOGIN_MESSAGES.missing };
  // Checked before anything is looked up, so the answer is the same for every address.
  if (hasForbiddenCharacters(email) || hasForbiddenCharacters(input.password) || email.length > 254)
    return { ok: false, status: 400, message: LOGIN_MESSAGES.malformed };

  const limits = loginLimits(email, input.ip, policy);
  // The slot on the address's and the IP's counters, and the account (if any), in one statement.
  const row = await signInRow(sql, limits, policy, email.toLowerCase());
  const throttle = reservationVerdict(row.throttle ?? [], limits, policy);
  if (!throttle.allowed) return { ok: false, status: 429, message: LOGIN_MESSAGES.blocked };
  if (throttle.delayMs) await sleep(throttle.delayMs);
  const user = row.id ? { ...row, id: row.id } : undefined;
  const stored = user?.passwordHash ?? null;
  const verified = await inHashSlot(async () => verifyPassword(stored ?? (await dummyHash()), input.password));
  // A failure is already counted (the reservation).
  if (!user || !stored || !verified) {
    return { ok: false, status: 401, message: LOGIN_MESSAGES.invalid };
  }

  const state = accountState(user);
  // The account's failure counter starts again, the IP gets its slot back; an active account also records
  // the sign-in and, when the hash parameters changed since it was made, a new hash of the password.
  const rehash = state === "active" && needsRehash(stored) ? await inHashSlot(() => hashPassword(input.password)) : null;
  await signedIn(sql, limits, user.id, rehash, state === "active");
  if (state !== "active") return { ok: false, status: 403, message: ACCOUNT_STATE_MESSAGES[state] };
  return { ok: true, userId: user.id };
}
