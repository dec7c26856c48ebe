// Login throttling, per account (the typed address, whether or not an account has it) and per IP,
// counted in the LoginThrottle table so that every instance sees the same counters.
// Failures inside a window slow the next attempts down, then block them for a while. The key is the
// typed address, never the account, so an unknown address is treated exactly like a known one.
import type { PrismaClient } from "../generated/prisma/client.js";

export interface ThrottleRule {
  /** Failures after which each attempt waits `stepMs` × (failures − slowAfter). */
  slowAfter: number;
  /** Failures at which the key is blocked for `blockMs`. */
  blockAt: number;
}

export interface ThrottlePolicy {
  windowMs: number;
  blockMs: number;
  stepMs: number;
  maxDelayMs: number;
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

export interface ThrottleKeys {
  account: string;
  ip: string;
}

export function throttleKeys(email: string, ip: string): ThrottleKeys {
  return { account: "compte:" + email.trim().toLowerCase(), ip: "ip:" + ip };
}

export interface ThrottleStatus {
  blockedUntil: Date | null;
  delayMs: number;
}

interface Row {
  key: string;
  failures: number;
  windowStart: Date;
  blockedUntil: Date | null;
}

/** Before checking a password: is it blocked, and how long must this attempt wait? */
export async function throttleStatus(prisma: PrismaClient, keys: ThrottleKeys, policy = DEFAULT_THROTTLE, now = new Date()): Promise<ThrottleStatus> {
  const rows: Row[] = await prisma.loginThrottle.findMany({ where: { key: { in: [keys.account, keys.ip] } } });
  let blockedUntil: Date | null = null;
  let delayMs = 0;
  for (const row of rows) {
    if (row.blockedUntil && row.blockedUntil > now) {
      if (!blockedUntil || row.blockedUntil > blockedUntil) blockedUntil = row.blockedUntil;
    }
    if (now.getTime() - row.windowStart.getTime() > policy.windowMs) continue;
    const rule = row.key === keys.account ? policy.account : policy.ip;
    if (row.failures > rule.slowAfter) delayMs = Math.max(delayMs, (row.failures - rule.slowAfter) * policy.stepMs);
  }
  return { blockedUntil, delayMs: Math.min(delayMs, policy.maxDelayMs) };
}

/** After a failed attempt: counts it for both keys (atomically) and blocks a key that reached its limit. */
export async function recordFailure(prisma: PrismaClient, keys: ThrottleKeys, policy = DEFAULT_THROTTLE): Promise<void> {
  const windowSeconds = policy.windowMs / 1000;
  const blockSeconds = policy.blockMs / 1000;
  for (const [key, rule] of [[keys.account, policy.account], [keys.ip, policy.ip]] as const) {
    await prisma.$executeRaw`
      INSERT INTO "LoginThrottle" (key, failures, "windowStart", "blockedUntil", "updatedAt")
      VALUES (${key}, 1, now(), NULL, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN "LoginThrottle"."windowStart" < now() - make_interval(secs => ${windowSeconds}::float8)
                        THEN 1 ELSE "LoginThrottle".failures + 1 END,
        "windowStart" = CASE WHEN "LoginThrottle"."windowStart" < now() - make_interval(secs => ${windowSeconds}::float8)
                        THEN now() ELSE "LoginThrottle"."windowStart" END,
        "blockedUntil" = CASE WHEN "LoginThrottle"."windowStart" >= now() - make_interval(secs => ${windowSeconds}::float8)
                              AND "LoginThrottle".failures + 1 >= ${rule.blockAt}::int
                        THEN now() + make_interval(secs => ${blockSeconds}::float8) ELSE "LoginThrottle"."blockedUntil" END,
        "updatedAt" = now()`;
  }
}

/** After a successful login: the account's counter starts again (the IP's does not). */
export async function recordSuccess(prisma: PrismaClient, keys: ThrottleKeys): Promise<void> {
  await prisma.loginThrottle.deleteMany({ where: { key: keys.account } });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
