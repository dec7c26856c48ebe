// Checking a sign-in attempt: throttling first, then the password (the same work whether or not the
// address belongs to someone), then the account's state. Returns what the login page must say.
import type { PrismaClient } from "../generated/prisma/client.js";
import { ACCOUNT_STATE_MESSAGES, accountState } from "../auth/account-state.js";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "../auth/password.js";
import { DEFAULT_THROTTLE, THROTTLE_JSON, recordFailure, sleep, throttleKeys, throttleVerdict, type ThrottlePolicy, type ThrottleRow } from "../auth/throttle.js";
import os from "node:os";
import type { Sql } from "../oidc/sql.js";

export const LOGIN_MESSAGES = {
  missing: "Saisissez votre adresse e-mail et votre mot de passe.",
  invalid: "Adresse e-mail ou mot de passe incorrect.",
  blocked:
    "Trop de tentatives de connexion infructueuses. Par sécurité, la connexion est suspendue pendant quelques minutes. Réessayez plus tard ou utilisez « Mot de passe oublié ? ».",
} as const;

export type LoginOutcome =
  | { ok: true; userId: string }
  | { ok: false; status: number; message: string };

interface UserRow {
  throttle: ThrottleRow[] | null;
  id: string | null;
  passwordHash: string | null;
  locked: boolean;
  validFrom: Date | null;
  validUntil: Date | null;
}

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

  const keys = throttleKeys(email, input.ip);
  // The throttling counters of the address and of the IP, and the account (if any), in one statement.
  const row = (
    await sql<UserRow>(
      "login_user",
      `SELECT (SELECT json_agg(${THROTTLE_JSON("$4")})
                FROM "LoginThrottle" WHERE key = $2 OR key = $3) AS throttle,
              u.id, u."passwordHash", u.locked, u."validFrom", u."validUntil"
         FROM (SELECT 1) AS one LEFT JOIN "User" u ON u."emailLower" = $1`,
      [email.toLowerCase(), keys.account, keys.ip, policy.windowMs / 1000],
    )
  ).rows[0]!;
  const throttle = throttleVerdict(row.throttle ?? [], keys, policy);
  if (throttle.blockedUntil) return { ok: false, status: 429, message: LOGIN_MESSAGES.blocked };
  if (throttle.delayMs) await sleep(throttle.delayMs);
  const user = row.id ? { ...row, id: row.id } : undefined;
  const stored = user?.passwordHash ?? null;
  const verified = await inHashSlot(async () => verifyPassword(stored ?? (await dummyHash()), input.password));
  if (!user || !stored || !verified) {
    await recordFailure(sql, keys, policy);
    return { ok: false, status: 401, message: LOGIN_MESSAGES.invalid };
  }

  const state = accountState(user);
  // The account's failure counter starts again (the IP's does not); an active account also records
  // the sign-in and, when the hash parameters changed since it was made, a new hash of the password.
  const rehash = state === "active" && needsRehash(stored) ? await inHashSlot(() => hashPassword(input.password)) : null;
  await sql(
    "login_success",
    `WITH reset AS (DELETE FROM "LoginThrottle" WHERE key = $1)
     UPDATE "User" SET "lastLoginAt" = now() AT TIME ZONE 'UTC', "updatedAt" = now() AT TIME ZONE 'UTC', "passwordHash" = coalesce($3, "passwordHash") WHERE id = $2::uuid AND $4::boolean`,
    [keys.account, user.id, rehash, state === "active"],
  );
  if (state !== "active") return { ok: false, status: 403, message: ACCOUNT_STATE_MESSAGES[state] };
  return { ok: true, userId: user.id };
}
