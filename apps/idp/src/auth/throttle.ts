// Attempt throttling (sign-in per account and per IP; reusable for any secret that can be guessed,
// e.g. a second factor), counted in the LoginThrottle table so that every instance sees the same
// counters.
//
// An attempt first RESERVES a slot on each of its keys, in one statement, before any verification:
// the reservation counts as a failure unless the caller settles it as a success afterwards. The
// check and the count are one INSERT … ON CONFLICT DO UPDATE, which takes the row lock of each key,
// so concurrent attempts queue on it and, however many arrive at once, at most `blockAt` of them get
// a slot inside a window: concurrency buys no extra guesses (on one instance or on several).
// The sign-in key is the typed address, never the account, so an unknown address is treated exactly
// like a known one. One prepared statement per step (../db/sql.ts): this is on the sign-in path.
import type { Sql } from "../db/sql.js";

export interface ThrottleRule {
  /** Failures after which each attempt waits `stepMs` × (failures − slowAfter). */
  slowAfter: number;
  /** Failures at which the key is blocked for `blockMs` (the attempt that reaches it is still verified). */
  blockAt: number;
}

export interface ThrottleTiming {
  windowMs: number;
  blockMs: number;
  stepMs: number;
  maxDelayMs: number;
}

export interface ThrottlePolicy extends ThrottleTiming {
  account: ThrottleRule;
  ip: ThrottleRule;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  blockMs: 15 * 60_000,
  stepMs: 200,
  maxDelayMs: 2_000,
  account: { slowAfter: 3, blockAt: 8 },
  ip: { slowAfter: 20, blockAt: 60 },
};

/** One counter an attempt is counted on. */
export interface ThrottleLimit extends ThrottleRule {
  key: string;
}

/** The two counters of a sign-in attempt: the typed address and the client's IP. */
export function loginLimits(email: string, ip: string, policy: ThrottlePolicy = DEFAULT_THROTTLE): ThrottleLimit[] {
  return [
    { key: "compte:" + email.trim().toLowerCase(), ...policy.account },
    { key: "ip:" + ip, ...policy.ip },
  ];
}

export interface Attempt {
  /** false: some key is blocked; nothing may be verified. */
  allowed: boolean;
  /** How long the attempt must wait before it is verified. */
  delayMs: number;
}

/** The parameters of RESERVE_SQL, in order ($1 … $4 of the statement). */
export function reserveParams(limits: ThrottleLimit[], timing: ThrottleTiming): unknown[] {
  return [limits.map((l) => l.key), limits.map((l) => l.blockAt), timing.windowMs / 1000, timing.blockMs / 1000];
}

/**
 * The reservation, to be run as is or as a CTE of a larger statement (parameters $1 … $4 from
 * reserveParams). It returns one row (key, failures) per key that got a slot. No key gets one while
 * another of the attempt's keys is blocked (a blocked IP does not wear accounts down); a key whose
 * row is blocked is left untouched (the WHERE of DO UPDATE, evaluated on the locked, latest row).
 */
export const RESERVE_SQL = `INSERT INTO "LoginThrottle" AS t (key, failures, "windowStart", "blockedUntil", "updatedAt")
  SELECT k.key, 1, now(), CASE WHEN k."blockAt" <= 1 THEN now() + make_interval(secs => $4::float8) END, now()
    FROM unnest($1::text[], $2::int[]) AS k(key, "blockAt")
   WHERE NOT EXISTS (SELECT 1 FROM "LoginThrottle" b WHERE b.key = ANY($1::text[]) AND b."blockedUntil" > now())
  ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN t."windowStart" < now() - make_interval(secs => $3::float8) THEN 1 ELSE t.failures + 1 END,
    "windowStart" = CASE WHEN t."windowStart" < now() - make_interval(secs => $3::float8) THEN now() ELSE t."windowStart" END,
    "blockedUntil" = CASE WHEN (CASE WHEN t."windowStart" < now() - make_interval(secs => $3::float8) THEN 1 ELSE t.failures + 1 END)
                               >= (SELECT k."blockAt" FROM unnest($1::text[], $2::int[]) AS k(key, "blockAt") WHERE k.key = t.key)
                          THEN now() + make_interval(secs => $4::float8) ELSE NULL END,
    "updatedAt" = now()
   WHERE NOT coalesce(t."blockedUntil" > now(), false)
  RETURNING key, failures`;

/** Allowed only when every key got its slot; the wait follows the failures counted before this attempt. */
export function reservationVerdict(rows: { key: string; failures: number }[], limits: ThrottleLimit[], timing: ThrottleTiming): Attempt {
  if (rows.length < limits.length) return { allowed: false, delayMs: 0 };
  let delayMs = 0;
  for (const row of rows) {
    const limit = limits.find((l) => l.key === row.key)!;
    const before = row.failures - 1;
    if (before > limit.slowAfter) delayMs = Math.max(delayMs, (before - limit.slowAfter) * timing.stepMs);
  }
  return { allowed: true, delayMs: Math.min(delayMs, timing.maxDelayMs) };
}

/** Before verifying a secret: reserves a slot on every key (counted as a failure until settled). */
export async function reserveAttempt(sql: Sql, limits: ThrottleLimit[], timing: ThrottleTiming = DEFAULT_THROTTLE): Promise<Attempt> {
  const { rows } = await sql<{ key: string; failures: number }>("throttle_reserve", RESERVE_SQL, reserveParams(limits, timing));
  return reservationVerdict(rows, limits, timing);
}

/**
 * After a verified success, two CTEs to put in a WITH ($1: keys whose counter starts again, $2: keys
 * whose reserved slot is given back, $3: their blockAt). A slot given back lifts the block that only
 * it had caused.
 */
export const SUCCESS_CTES = `cleared AS (DELETE FROM "LoginThrottle" WHERE key = ANY($1::text[])),
  refunded AS (UPDATE "LoginThrottle" AS t SET failures = greatest(t.failures - 1, 0),
         "blockedUntil" = CASE WHEN t.failures - 1 < k."blockAt" THEN NULL ELSE t."blockedUntil" END, "updatedAt" = now()
    FROM unnest($2::text[], $3::int[]) AS k(key, "blockAt") WHERE t.key = k.key)`;

/** The parameters of SUCCESS_CTES: `clear` lists the keys that start again (the account), the others get their slot back. */
export function successParams(limits: ThrottleLimit[], clear: string[]): unknown[] {
  const refunded = limits.filter((l) => !clear.includes(l.key));
  return [clear, refunded.map((l) => l.key), refunded.map((l) => l.blockAt)];
}

/** After a verified success: see SUCCESS_CTES. A failure needs no call (the reservation counted it). */
export async function recordSuccess(sql: Sql, limits: ThrottleLimit[], clear: string[]): Promise<void> {
  await sql("throttle_success", `WITH ${SUCCESS_CTES} SELECT 1`, successParams(limits, clear));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
