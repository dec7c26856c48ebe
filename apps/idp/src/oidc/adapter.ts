// oidc-provider's storage: every model it keeps (Session, Grant, AccessToken, RefreshToken,
// AuthorizationCode, Interaction, …) is one row of the OidcPayload table, keyed by (id, type).
// The queries go through the pg pool rather than Prisma: they sit on the hot path of every token
// call, and plain parameterised SQL costs a fraction of the CPU (see BENCHMARKS.md, "OIDC").
// Clients are not stored here: the Client model reads the Application table (clients.ts).
import type pg from "pg";
import type { Adapter, AdapterPayload } from "oidc-provider";

export function payloadAdapterFactory(pool: pg.Pool) {
  return class OidcPayloadAdapter implements Adapter {
    constructor(readonly type: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
      await pool.query(
        `INSERT INTO "OidcPayload" (id, type, payload, "grantId", "userCode", uid, "accountId", "expiresAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id, type) DO UPDATE SET payload = EXCLUDED.payload, "grantId" = EXCLUDED."grantId",
           "userCode" = EXCLUDED."userCode", uid = EXCLUDED.uid, "accountId" = EXCLUDED."accountId",
           "expiresAt" = EXCLUDED."expiresAt"`,
        [id, this.type, JSON.stringify(payload), payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, payload.accountId ?? null, expiresAt],
      );
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return this.findBy(`id = $2`, id);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.findBy(`uid = $2`, uid);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findBy(`"userCode" = $2`, userCode);
    }

    private async findBy(where: string, value: string): Promise<AdapterPayload | undefined> {
      const { rows } = await pool.query(
        `SELECT payload, "consumedAt" FROM "OidcPayload"
         WHERE type = $1 AND ${where} AND ("expiresAt" IS NULL OR "expiresAt" > now()) LIMIT 1`,
        [this.type, value],
      );
      const row = rows[0];
      if (!row) return undefined;
      return row.consumedAt ? { ...row.payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : row.payload;
    }

    async consume(id: string): Promise<void> {
      await pool.query(`UPDATE "OidcPayload" SET "consumedAt" = now() WHERE id = $1 AND type = $2`, [id, this.type]);
    }

    async destroy(id: string): Promise<void> {
      await pool.query(`DELETE FROM "OidcPayload" WHERE id = $1 AND type = $2`, [id, this.type]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await pool.query(`DELETE FROM "OidcPayload" WHERE "grantId" = $1 AND type = $2`, [grantId, this.type]);
    }
  };
}

/** Expired rows are invisible to find(); this removes them from time to time. */
export async function deleteExpiredPayloads(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query(`DELETE FROM "OidcPayload" WHERE "expiresAt" < now() - interval '1 hour'`);
  return rowCount ?? 0;
}
