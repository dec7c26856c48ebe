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
// like a known one. One prepared statement per step (../db/queries/login-throttle.ts): this is on the sign-in path.
import type { Sql } from "../db/sql.js";
import { reserveSlots, settleSlots } from "../db/queries/login-throttle.js";

interface ThrottleRule {
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

interface Attempt {
  /** false: some key is blocked; nothing may be verified. */
  allowed: boolean;
  /** How long the attempt must wait before it is verified. */
  delayMs: number;
}

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
  return reservationVerdict(await reserveSlots(sql, limits, timing), limits, timing);
}

/** After a verified success (see settleSlots). A failure needs no call (the reservation counted it). */
export async function recordSuccess(sql: Sql, limits: ThrottleLimit[], clear: string[]): Promise<void> {
  await settleSlots(sql, limits, clear);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
