// The statements of the AuthFactor and RecoveryCode tables on the sign-in path (mfa/factors.ts):
// every accepted code is used up by the statement that accepts it. Prepared (../sql.ts).
import type { Sql } from "../sql.js";

/** Whether a second factor is required (a mandate), and what the account has. */
export async function factorCounts(
  sql: Sql,
  userId: string,
): Promise<{ required: boolean; totp: boolean; passkeys: number; recovery: number }> {
  const { rows } = await sql<{ required: boolean; totp: boolean; passkeys: number; recovery: number }>(
    "mfa_state",
    `SELECT EXISTS (SELECT 1 FROM "Mandate" WHERE "userId" = $1::uuid) AS required,
            EXISTS (SELECT 1 FROM "AuthFactor" WHERE "userId" = $1::uuid AND kind = 'TOTP' AND "confirmedAt" IS NOT NULL) AS totp,
            (SELECT count(*) FROM "AuthFactor" WHERE "userId" = $1::uuid AND kind = 'WEBAUTHN')::int AS passkeys,
            (SELECT count(*) FROM "RecoveryCode" WHERE "userId" = $1::uuid AND "usedAt" IS NULL)::int AS recovery`,
    [userId],
  );
  return rows[0]!;
}

/** The confirmed TOTP factors, or (`factorId`) the one being enrolled. */
export async function totpFactors(sql: Sql, userId: string, factorId: string | null): Promise<{ id: string; secret: string }[]> {
  const { rows } = await sql<{ id: string; secret: string }>(
    "mfa_totp_factors",
    `SELECT id, "totpSecretEncrypted" AS secret FROM "AuthFactor"
      WHERE "userId" = $1::uuid AND kind = 'TOTP' AND "totpSecretEncrypted" IS NOT NULL
        AND (CASE WHEN $2::uuid IS NULL THEN "confirmedAt" IS NOT NULL ELSE id = $2::uuid AND "confirmedAt" IS NULL END)`,
    [userId, factorId],
  );
  return rows;
}

/** Records the accepted step, only if later than the last one (two requests cannot both use it). */
export async function useTotpStep(sql: Sql, factorId: string, step: number): Promise<boolean> {
  const { rowCount } = await sql(
    "mfa_totp_use",
    `UPDATE "AuthFactor" SET "totpLastStep" = $2, "lastUsedAt" = now(), "confirmedAt" = coalesce("confirmedAt", now())
      WHERE id = $1::uuid AND ("totpLastStep" IS NULL OR "totpLastStep" < $2) RETURNING id`,
    [factorId, step],
  );
  return !!rowCount;
}

/** Uses up the code if unused; how many were used (0 or 1) and how many are left. */
export async function useRecoveryCode(sql: Sql, userId: string, codeHash: string): Promise<{ used: number; left: number }> {
  const { rows } = await sql<{ used: number; left: number }>(
    "mfa_recovery_use",
    `WITH used AS (UPDATE "RecoveryCode" SET "usedAt" = now() WHERE "userId" = $1::uuid AND "codeHash" = $2 AND "usedAt" IS NULL RETURNING id)
     SELECT (SELECT count(*) FROM used)::int AS used,
            ((SELECT count(*) FROM "RecoveryCode" WHERE "userId" = $1::uuid AND "usedAt" IS NULL) - (SELECT count(*) FROM used))::int AS left`,
    [userId, codeHash],
  );
  return rows[0]!;
}
