// An account's second factors: which it has, whether it must have one, TOTP enrolment and checks,
// recovery codes. Every check of a code is throttled like a password (per account and per IP, in
// the database), and every accepted code is consumed in the same statement that accepts it.
import crypto from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { SecretBox } from "../lib/secretbox.js";
import type { Sql } from "../db/sql.js";
import { factorCounts, totpFactors, useRecoveryCode, useTotpStep } from "../db/queries/auth-factors.js";
import { DEFAULT_THROTTLE, recordSuccess, reserveAttempt, sleep, type ThrottleLimit, type ThrottlePolicy } from "../auth/throttle.js";
import { newTotpSecret, totpCodeStep } from "./totp.js";

const RECOVERY_CODE_COUNT = 10;
/** A TOTP enrolment not confirmed within this time starts again with a new secret. */
const PENDING_TOTP_MS = 30 * 60_000;

export interface FactorState {
  /** Holds a mandate (référent) or is a CIG administrator: a second factor is required. */
  required: boolean;
  totp: boolean;
  passkeys: number;
  recoveryLeft: number;
}

export const hasSecondFactor = (s: FactorState) => s.totp || s.passkeys > 0;

export async function factorState(sql: Sql, userId: string): Promise<FactorState> {
  const row = await factorCounts(sql, userId);
  return { required: row.required, totp: row.totp, passkeys: row.passkeys, recoveryLeft: row.recovery };
}

/** The secret being enrolled (the same one while the page is reloaded, so that a scanned QR stays right). */
export async function pendingTotp(prisma: PrismaClient, box: SecretBox, userId: string): Promise<{ id: string; secret: string }> {
  const pending = await prisma.authFactor.findFirst({
    where: { userId, kind: "TOTP", confirmedAt: null, createdAt: { gt: new Date(Date.now() - PENDING_TOTP_MS) } },
    orderBy: { createdAt: "desc" },
  });
  if (pending?.totpSecretEncrypted) return { id: pending.id, secret: box.open(pending.totpSecretEncrypted) };
  await prisma.authFactor.deleteMany({ where: { userId, kind: "TOTP", confirmedAt: null } });
  const secret = newTotpSecret();
  const row = await prisma.authFactor.create({
    data: { userId, kind: "TOTP", name: "Application d'authentification", totpSecretEncrypted: box.seal(secret) },
  });
  return { id: row.id, secret };
}

export type CheckOutcome<T> = { ok: true; value: T } | { ok: false; status: 401 | 429 };

/** Throttling counters of the second step: the account (not the typed address: he is known by now) and the IP. */
function factorThrottleLimits(userId: string, ip: string, policy: ThrottlePolicy = DEFAULT_THROTTLE): ThrottleLimit[] {
  return [
    { key: "facteur:" + userId, ...policy.account },
    { key: "ip:" + ip, ...policy.ip },
  ];
}

/**
 * Runs `check` once a slot is reserved on both counters (atomically: concurrent codes get no extra
 * tries), after the throttling delay; a null result stays counted as a failure.
 */
async function throttled<T>(
  sql: Sql,
  limits: ThrottleLimit[],
  check: () => Promise<T | null>,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
): Promise<CheckOutcome<T>> {
  const attempt = await reserveAttempt(sql, limits, policy);
  if (!attempt.allowed) return { ok: false, status: 429 };
  if (attempt.delayMs) await sleep(attempt.delayMs);
  const value = await check();
  if (value === null) return { ok: false, status: 401 };
  await recordSuccess(sql, limits, [limits[0]!.key]);
  return { ok: true, value };
}

/**
 * A TOTP code of the account (or, with `factorId`, of that pending enrolment, which it confirms).
 * Accepted when it is the code of a step within ±1 of now that is later than the factor's last
 * accepted step; the step is recorded in the same UPDATE, so two requests cannot both use it.
 */
export async function checkTotp(
  sql: Sql,
  box: SecretBox,
  input: { userId: string; code: string; ip: string; factorId?: string },
  policy?: ThrottlePolicy,
): Promise<CheckOutcome<{ factorId: string }>> {
  return throttled(
    sql,
    factorThrottleLimits(input.userId, input.ip, policy),
    async () => {
      for (const row of await totpFactors(sql, input.userId, input.factorId ?? null)) {
        const step = totpCodeStep(box.open(row.secret), input.code);
        if (step === null) continue;
        if (await useTotpStep(sql, row.id, step)) return { factorId: row.id };
      }
      return null;
    },
    policy,
  );
}

// Recovery codes: 10 characters from an alphabet without look-alikes (about 49 bits each), shown as
// two groups of five. High entropy: a SHA-256 suffices, as for the one-time links.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const normalise = (code: string) => code.toLowerCase().replace(/[\s-]/g, "");
const hashCode = (code: string) => crypto.createHash("sha256").update(normalise(code)).digest("hex");

function randomCode(): string {
  let out = "";
  while (out.length < 10) {
    const byte = crypto.randomBytes(1)[0]!;
    if (byte < 248) out += ALPHABET[byte % ALPHABET.length]; // 248 = 8 × 31: no modulo bias
  }
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** Ten new codes replace the previous ones; returned once, in clear, for the page that shows them. */
export async function newRecoveryCodes(prisma: Pick<PrismaClient, "recoveryCode">, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, randomCode);
  await prisma.recoveryCode.deleteMany({ where: { userId } });
  await prisma.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashCode(c) })) });
  return codes;
}

/** A recovery code, used up by the statement that accepts it; says how many are left. */
export async function checkRecoveryCode(
  sql: Sql,
  input: { userId: string; code: string; ip: string },
  policy?: ThrottlePolicy,
): Promise<CheckOutcome<{ left: number }>> {
  return throttled(
    sql,
    factorThrottleLimits(input.userId, input.ip, policy),
    async () => {
      const code = normalise(input.code);
      if (!/^[a-z0-9]{10}$/.test(code)) return null;
      const row = await useRecoveryCode(sql, input.userId, hashCode(code));
      return row.used ? { left: row.left } : null;
    },
    policy,
  );
}
