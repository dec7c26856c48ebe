// oidc-provider's storage: every model it keeps (Session, Grant, AccessToken, RefreshToken,
// AuthorizationCode, Interaction, …) is one row of the OidcPayload table, keyed by (id, type).
// The queries go through the pg pool rather than Prisma, as prepared statements (../db/sql.ts): they sit
// on the hot path of every token call, where Prisma costs several times the CPU (BENCHMARKS.md, "OIDC").
// Inside a request the adapter works with the request's unit of work (unit-of-work.ts): reads are
// remembered, writes are sent together at the end of the request, a token comes with its grant and
// session. Clients are not stored here: the Client model reads the Application table (clients.ts).
import type pg from "pg";
import type { Adapter, AdapterPayload } from "oidc-provider";
import type { Sql } from "../db/sql.js";
import { currentUnit, hasPendingWrites, rowKey, type CachedRow, type PendingUpsert, type Unit } from "./unit-of-work.js";
import { createWriteBatcher } from "./write-batcher.js";
import { accountKey, accountSql } from "./account.js";
import { hasForbiddenCharacters } from "../lib/text.js";

const LIVE = (t: string) => `(${t}."expiresAt" IS NULL OR ${t}."expiresAt" > now())`;
const COLUMNS = (t: string) => `${t}.id, ${t}.type, ${t}.uid, ${t}.payload::text AS json, ${t}."consumedAt"`;

const UPSERT_ONE = `INSERT INTO "OidcPayload" (id, type, payload, "grantId", "userCode", uid, "accountId", "expiresAt")
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT (id, type) DO UPDATE SET payload = EXCLUDED.payload, "grantId" = EXCLUDED."grantId",
    "userCode" = EXCLUDED."userCode", uid = EXCLUDED.uid, "accountId" = EXCLUDED."accountId",
    "expiresAt" = EXCLUDED."expiresAt"`;

/** A unit's writes in one statement: $1 the rows to store (a JSON array), $2 the [type, id] pairs to delete. */
const FLUSH = `WITH gone AS (
    DELETE FROM "OidcPayload" p USING jsonb_to_recordset($2::jsonb) AS k(type text, id text) WHERE p.type = k.type AND p.id = k.id
  )
  INSERT INTO "OidcPayload" (id, type, payload, "grantId", "userCode", uid, "accountId", "expiresAt")
  SELECT r.id, r.type, r.payload, r."grantId", r."userCode", r.uid, r."accountId", r."expiresAt"::timestamptz
    FROM jsonb_to_recordset($1::jsonb) AS r(id text, type text, payload jsonb, "grantId" text, "userCode" text, uid text, "accountId" text, "expiresAt" text)
  ON CONFLICT (id, type) DO UPDATE SET payload = EXCLUDED.payload, "grantId" = EXCLUDED."grantId",
    "userCode" = EXCLUDED."userCode", uid = EXCLUDED.uid, "accountId" = EXCLUDED."accountId",
    "expiresAt" = EXCLUDED."expiresAt"`;

const FIND = {
  id: `SELECT ${COLUMNS("t")} FROM "OidcPayload" t WHERE t.type = $1 AND t.id = $2 AND ${LIVE("t")}`,
  uid: `SELECT ${COLUMNS("t")} FROM "OidcPayload" t WHERE t.type = $1 AND t.uid = $2 AND ${LIVE("t")} LIMIT 1`,
  userCode: `SELECT ${COLUMNS("t")} FROM "OidcPayload" t WHERE t.type = $1 AND t."userCode" = $2 AND ${LIVE("t")} LIMIT 1`,
} as const;

/** A token with its account (for the token's client), then its grant and its session: oidc-provider reads them one after the other. */
const TOKEN_ACCOUNT = accountSql(
  `CASE WHEN t."accountId" ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN t."accountId"::uuid END`,
  `(t.payload->>'clientId')`,
);
const FIND_TOKEN = `SELECT ${COLUMNS("t")}, (SELECT row_to_json(acc) FROM (${TOKEN_ACCOUNT}) acc) AS account
    FROM "OidcPayload" t WHERE t.type = $1 AND t.id = $2 AND ${LIVE("t")}
  UNION ALL
  SELECT ${COLUMNS("g")}, NULL FROM "OidcPayload" t JOIN "OidcPayload" g ON g.type = 'Grant' AND g.id = t."grantId"
   WHERE t.type = $1 AND t.id = $2 AND ${LIVE("t")} AND ${LIVE("g")}
  UNION ALL
  SELECT ${COLUMNS("s")}, NULL FROM "OidcPayload" t JOIN "OidcPayload" s ON s.type = 'Session' AND s.uid = t.payload->>'sessionUid'
   WHERE t.type = $1 AND t.id = $2 AND ${LIVE("t")} AND ${LIVE("s")}`;
const TOKEN_TYPES = new Set(["RefreshToken", "AuthorizationCode", "AccessToken"]);

function toPayload(row: CachedRow): AdapterPayload {
  const payload = JSON.parse(row.json) as AdapterPayload;
  if (row.consumedAt) payload.consumed = Math.floor(row.consumedAt.getTime() / 1000);
  return payload;
}

function remember(unit: Unit, row: CachedRow) {
  unit.rows.set(rowKey(row.type, row.id), row);
  if (row.uid) unit.uids.set(rowKey(row.type, row.uid), rowKey(row.type, row.id));
}

type Destroy = { type: string; id: string };
const batchers = new WeakMap<Sql, ReturnType<typeof createWriteBatcher<PendingUpsert, Destroy>>>();

function batcherFor(sql: Sql) {
  let batcher = batchers.get(sql);
  if (!batcher) {
    batcher = createWriteBatcher<PendingUpsert, Destroy>(async (upserts, destroys) => {
      if (upserts.length === 1 && !destroys.length) {
        const u = upserts[0]!;
        await sql("oidc_upsert", UPSERT_ONE, [
          u.id,
          u.type,
          JSON.stringify(u.payload),
          u.grantId,
          u.userCode,
          u.uid,
          u.accountId,
          u.expiresAt,
        ]);
      } else {
        await sql("oidc_flush", FLUSH, [JSON.stringify(upserts), JSON.stringify(destroys)]);
      }
    });
    batchers.set(sql, batcher);
  }
  return batcher;
}

/** Sends a unit's pending writes (one statement, shared with other requests' writes: write-batcher.ts) and empties them. */
export async function flushUnit(sql: Sql, unit: Unit): Promise<void> {
  if (!hasPendingWrites(unit)) return;
  const upserts = [...unit.upserts.values()];
  const destroys = [...unit.destroys.values()].map(([type, id]) => ({ type, id }));
  const keys = [...unit.upserts.keys(), ...unit.destroys.keys()];
  unit.upserts.clear();
  unit.destroys.clear();
  await batcherFor(sql).write({ upserts, destroys, keys });
}

export function payloadAdapterFactory(sql: Sql) {
  return class OidcPayloadAdapter implements Adapter {
    constructor(readonly type: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const row: PendingUpsert = {
        id,
        type: this.type,
        payload: payload as Record<string, unknown>,
        grantId: payload.grantId ?? null,
        userCode: payload.userCode ?? null,
        uid: payload.uid ?? null,
        accountId: payload.accountId ?? null,
        // An instant with its zone (Z): right whatever the session's TimeZone (timestamptz column)
        expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000).toISOString() : null,
      };
      const unit = currentUnit();
      if (!unit) {
        await flushUnit(sql, {
          rows: new Map(),
          uids: new Map(),
          upserts: new Map([[rowKey(this.type, id), row]]),
          destroys: new Map(),
          accounts: new Map(),
        });
        return;
      }
      const key = rowKey(this.type, id);
      if (unit.destroys.has(key)) await flushUnit(sql, unit); // keep the order: delete, then store
      const json = JSON.stringify(payload);
      row.payload = JSON.parse(json); // a snapshot: the provider may change its object afterwards
      unit.upserts.set(key, row);
      remember(unit, { id, type: this.type, json, uid: row.uid, consumedAt: null });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (hasForbiddenCharacters(id)) return undefined; // a code or token with a NUL: none such, and PostgreSQL would fail on it
      const unit = currentUnit();
      const key = rowKey(this.type, id);
      if (unit?.destroys.has(key)) return undefined;
      const known = unit?.rows.get(key);
      if (known !== undefined) return known ? toPayload(known) : undefined;
      const token = unit && TOKEN_TYPES.has(this.type);
      const { rows } = token
        ? await sql<CachedRow>("oidc_find_token", FIND_TOKEN, [this.type, id])
        : await sql<CachedRow>("oidc_find_id", FIND.id, [this.type, id]);
      const row = rows.find((r) => r.type === this.type && r.id === id);
      if (unit) {
        for (const r of rows) if (!unit.rows.has(rowKey(r.type, r.id))) remember(unit, r);
        if (!row) unit.rows.set(key, null);
        if (row && row.account !== undefined) {
          const { accountId, clientId } = JSON.parse(row.json) as { accountId?: string; clientId?: string };
          if (accountId && clientId) unit.accounts.set(accountKey(accountId, clientId), row.account);
        }
      }
      return row ? toPayload(row) : undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      if (hasForbiddenCharacters(uid)) return undefined;
      const unit = currentUnit();
      const known = unit?.uids.get(rowKey(this.type, uid));
      if (known !== undefined) {
        const row = unit!.destroys.has(known) ? undefined : unit!.rows.get(known);
        if (row) return toPayload(row);
      }
      return this.findBy("uid", uid);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findBy("userCode", userCode);
    }

    private async findBy(by: "uid" | "userCode", value: string): Promise<AdapterPayload | undefined> {
      const unit = currentUnit();
      const row = (await sql<CachedRow>(`oidc_find_${by}`, FIND[by], [this.type, value])).rows[0];
      if (!row || unit?.destroys.has(rowKey(row.type, row.id))) return undefined;
      if (unit) {
        const pending = unit.rows.get(rowKey(row.type, row.id));
        if (pending && unit.upserts.has(rowKey(row.type, row.id))) return toPayload(pending); // stored in this request, not yet sent
        remember(unit, row);
      }
      return toPayload(row);
    }

    async consume(id: string): Promise<void> {
      // Never deferred: a used code or refresh token must be seen as used at once, by every instance.
      const unit = currentUnit();
      const key = rowKey(this.type, id);
      if (unit?.upserts.has(key)) await flushUnit(sql, unit);
      const { rows } = await sql<{ consumedAt: Date }>(
        "oidc_consume",
        `UPDATE "OidcPayload" SET "consumedAt" = now() WHERE id = $1 AND type = $2 RETURNING "consumedAt"`,
        [id, this.type],
      );
      const known = unit?.rows.get(key);
      if (known && rows[0]) known.consumedAt = rows[0].consumedAt;
    }

    async destroy(id: string): Promise<void> {
      const unit = currentUnit();
      if (!unit) {
        await sql("oidc_destroy", `DELETE FROM "OidcPayload" WHERE id = $1 AND type = $2`, [id, this.type]);
        return;
      }
      const key = rowKey(this.type, id);
      unit.upserts.delete(key);
      unit.rows.set(key, null);
      unit.destroys.set(key, [this.type, id]);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      const unit = currentUnit();
      if (unit) {
        await flushUnit(sql, unit);
        unit.rows.clear();
        unit.uids.clear();
      }
      await sql("oidc_revoke_grant", `DELETE FROM "OidcPayload" WHERE "grantId" = $1 AND type = $2`, [grantId, this.type]);
    }
  };
}

/** Expired rows are invisible to find(); this removes them from time to time. */
export async function deleteExpiredPayloads(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query(`DELETE FROM "OidcPayload" WHERE "expiresAt" < now() - interval '1 hour'`);
  return rowCount ?? 0;
}
