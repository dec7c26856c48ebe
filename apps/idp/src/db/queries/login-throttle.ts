// The statements of the LoginThrottle table (auth/throttle.ts: the policy; here, its SQL), and the
// two statements of a password sign-in that carry a throttle step with the User row they read or
// update: one round trip each on the sign-in path, prepared (../sql.ts).
import type { Sql } from "../sql.js";
import type { ThrottleLimit, ThrottleTiming } from "../../auth/throttle.js";

/** The parameters of RESERVE_SQL, in order ($1 … $4 of the statement). */
function reserveParams(limits: ThrottleLimit[], timing: ThrottleTiming): unknown[] {
  return [limits.map((l) => l.key), limits.map((l) => l.blockAt), timing.windowMs / 1000, timing.blockMs / 1000];
}

/**
 * The reservation, to be run as is or as a CTE of a larger statement (parameters $1 … $4 from
 * reserveParams). It returns one row (key, failures) per key that got a slot. No key gets one while
 * another of the attempt's keys is blocked (a blocked IP does not wear accounts down); a key whose
 * row is blocked is left untouched (the WHERE of DO UPDATE, evaluated on the locked, latest row).
 */
const RESERVE_SQL = `INSERT INTO "LoginThrottle" AS t (key, failures, "windowStart", "blockedUntil", "updatedAt")
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

/**
 * After a verified success, two CTEs to put in a WITH ($1: keys whose counter starts again, $2: keys
 * whose reserved slot is given back, $3: their blockAt). A slot given back lifts the block that only
 * it had caused.
 */
const SUCCESS_CTES = `cleared AS (DELETE FROM "LoginThrottle" WHERE key = ANY($1::text[])),
  refunded AS (UPDATE "LoginThrottle" AS t SET failures = greatest(t.failures - 1, 0),
         "blockedUntil" = CASE WHEN t.failures - 1 < k."blockAt" THEN NULL ELSE t."blockedUntil" END, "updatedAt" = now()
    FROM unnest($2::text[], $3::int[]) AS k(key, "blockAt") WHERE t.key = k.key)`;

/** The parameters of SUCCESS_CTES: `clear` lists the keys that start again (the account), the others get their slot back. */
function successParams(limits: ThrottleLimit[], clear: string[]): unknown[] {
  const refunded = limits.filter((l) => !clear.includes(l.key));
  return [clear, refunded.map((l) => l.key), refunded.map((l) => l.blockAt)];
}

/** Reserves a slot on every key; the rows of the keys that got one. */
export async function reserveSlots(
  sql: Sql,
  limits: ThrottleLimit[],
  timing: ThrottleTiming,
): Promise<{ key: string; failures: number }[]> {
  return (await sql<{ key: string; failures: number }>("throttle_reserve", RESERVE_SQL, reserveParams(limits, timing))).rows;
}

/** A verified success: `clear` starts again, the other keys get their slot back. */
export async function settleSlots(sql: Sql, limits: ThrottleLimit[], clear: string[]): Promise<void> {
  await sql("throttle_success", `WITH ${SUCCESS_CTES} SELECT 1`, successParams(limits, clear));
}

export interface SignInRow {
  throttle: { key: string; failures: number }[] | null;
  id: string | null;
  passwordHash: string | null;
  locked: boolean;
  validFrom: Date | null;
  validUntil: Date | null;
}

/** The slots on the address's and the IP's counters, and the account of the address (if any), in one statement. */
export async function signInRow(sql: Sql, limits: ThrottleLimit[], timing: ThrottleTiming, emailLower: string): Promise<SignInRow> {
  const { rows } = await sql<SignInRow>(
    "login_user",
    `WITH reserved AS (${RESERVE_SQL})
       SELECT (SELECT json_agg(json_build_object('key', key, 'failures', failures)) FROM reserved) AS throttle,
              u.id, u."passwordHash", u.locked, u."validFrom", u."validUntil"
         FROM (SELECT 1) AS one LEFT JOIN "User" u ON u."emailLower" = $5`,
    [...reserveParams(limits, timing), emailLower],
  );
  return rows[0]!;
}

/**
 * A verified password: the account's counter starts again, the IP gets its slot back; an active
 * account also records the sign-in and, when given, the new hash of the password.
 */
export async function signedIn(sql: Sql, limits: ThrottleLimit[], userId: string, rehash: string | null, active: boolean): Promise<void> {
  await sql(
    "login_success",
    `WITH ${SUCCESS_CTES}
     UPDATE "User" SET "lastLoginAt" = now(), "updatedAt" = now(), "passwordHash" = coalesce($5, "passwordHash") WHERE id = $4::uuid AND $6::boolean`,
    [...successParams(limits, [limits[0]!.key]), userId, rehash, active],
  );
}
