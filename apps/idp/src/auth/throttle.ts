// Login throttling, per account (the typed address, whether or not an account has it) and per IP,
// counted in the LoginThrottle table so that every instance sees the same counters.
// Failures inside a window slow the next attempts down, then block them for a while. The key is the
// typed address, never the account, so an unknown address is treated exactly like a known one.
// One prepared statement per step (../oidc/sql.ts): this is on the sign-in path.
import type { Sql } from "../oidc/sql.js";

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

export interface ThrottleRow {
  key: string;
  failures: number;
  blockedUntil: Date | string | null;
  blocked: boolean;
  inWindow: boolean;
}

/** A LoginThrottle row as throttleVerdict needs it ($window: the window in seconds); times compared by the database, which wrote them. */
export const THROTTLE_ROW = (window: string) => `key, failures, "blockedUntil", coalesce("blockedUntil" > now(), false) AS blocked,
  "windowStart" >= now() - make_interval(secs => ${window}::float8) AS "inWindow"`;

/** The same, as one JSON object per row (to be aggregated into another statement). */
export const THROTTLE_JSON = (window: string) => `json_build_object('key', key, 'failures', failures, 'blockedUntil', "blockedUntil",
  'blocked', coalesce("blockedUntil" > now(), false), 'inWindow', "windowStart" >= now() - make_interval(secs => ${window}::float8))`;

/** Is it blocked, and how long must this attempt wait, given the rows of the two keys? */
export function throttleVerdict(rows: ThrottleRow[], keys: ThrottleKeys, policy = DEFAULT_THROTTLE): ThrottleStatus {
  let blockedUntil: Date | null = null;
  let delayMs = 0;
  for (const row of rows) {
    const until = row.blockedUntil === null ? null : row.blockedUntil instanceof Date ? row.blockedUntil : new Date(`${row.blockedUntil}Z`);
    if (row.blocked && until && (!blockedUntil || until > blockedUntil)) blockedUntil = until;
    if (!row.inWindow) continue;
    const rule = row.key === keys.account ? policy.account : policy.ip;
    if (row.failures > rule.slowAfter) delayMs = Math.max(delayMs, (row.failures - rule.slowAfter) * policy.stepMs);
  }
  return { blockedUntil, delayMs: Math.min(delayMs, policy.maxDelayMs) };
}

/** Before checking a password: is it blocked, and how long must this attempt wait? */
export async function throttleStatus(sql: Sql, keys: ThrottleKeys, policy = DEFAULT_THROTTLE): Promise<ThrottleStatus> {
  const { rows } = await sql<ThrottleRow>(
    "throttle_status",
    `SELECT ${THROTTLE_ROW("$3")} FROM "LoginThrottle" WHERE key = $1 OR key = $2`,
    [keys.account, keys.ip, policy.windowMs / 1000],
  );
  return throttleVerdict(rows, keys, policy);
}

/** After a failed attempt: counts it for both keys (atomically, one statement) and blocks a key that reached its limit. */
export async function recordFailure(sql: Sql, keys: ThrottleKeys, policy = DEFAULT_THROTTLE): Promise<void> {
  await sql(
    "throttle_failure",
    `INSERT INTO "LoginThrottle" AS t (key, failures, "windowStart", "blockedUntil", "updatedAt")
      SELECT k.key, 1, now(), NULL, now() FROM unnest($1::text[], $2::int[]) AS k(key, "blockAt")
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t."windowStart" < now() - make_interval(secs => $3::float8) THEN 1 ELSE t.failures + 1 END,
       "windowStart" = CASE WHEN t."windowStart" < now() - make_interval(secs => $3::float8) THEN now() ELSE t."windowStart" END,
       "blockedUntil" = CASE WHEN t."windowStart" >= now() - make_interval(secs => $3::float8)
                             AND t.failures + 1 >= (SELECT k."blockAt" FROM unnest($1::text[], $2::int[]) AS k(key, "blockAt") WHERE k.key = t.key)
                        THEN now() + make_interval(secs => $4::float8) ELSE t."blockedUntil" END,
       "updatedAt" = now()`,
    [[keys.account, keys.ip], [policy.account.blockAt, policy.ip.blockAt], policy.windowMs / 1000, policy.blockMs / 1000],
  );
}

/** After a successful login: the account's counter starts again (the IP's does not). */
export async function recordSuccess(sql: Sql, keys: ThrottleKeys): Promise<void> {
  await sql("throttle_success", `DELETE FROM "LoginThrottle" WHERE key = $1`, [keys.account]);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
