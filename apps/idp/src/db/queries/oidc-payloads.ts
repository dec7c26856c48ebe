// The statements of the OidcPayload table: oidc-provider's storage (oidc/adapter.ts), every model it
// keeps (Session, Grant, AccessToken, RefreshToken, AuthorizationCode, Interaction, …) one row keyed
// by (id, type). All prepared (../sql.ts): they sit on the hot path of every token call.
import type { Sql } from "../sql.js";
import { accountSql, type AccountRow } from "./users.js";

export interface CachedRow {
  id: string;
  type: string;
  json: string;
  uid: string | null;
  consumedAt: Date | null;
  /** A token's account, for its client (account.ts), when read with the token. */
  account?: AccountRow | null;
  /** Read to be exchanged (findToken with claim): when this statement marked it used; null when it was used already. */
  claimed?: Date | null;
}

export interface PendingUpsert {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  accountId: string | null;
  expiresAt: string | null;
}

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
  // Only a well-formed id reaches the uuid cast (an accountId is whatever the provider was given).
  `CASE WHEN t."accountId" ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN t."accountId"::uuid END`,
  `(t.payload->>'clientId')`,
);
const tokenRows = (
  claimed: string,
) => `SELECT ${COLUMNS("t")}, (SELECT row_to_json(acc) FROM (${TOKEN_ACCOUNT}) acc) AS account, ${claimed} AS claimed
    FROM "OidcPayload" t WHERE t.type = $1 AND t.id = $2 AND ${LIVE("t")}
  UNION ALL
  SELECT ${COLUMNS("g")}, NULL, NULL FROM "OidcPayload" t JOIN "OidcPayload" g ON g.type = 'Grant' AND g.id = t."grantId"
   WHERE t.type = $1 AND t.id = $2 AND ${LIVE("t")} AND ${LIVE("g")}
  UNION ALL
  SELECT ${COLUMNS("s")}, NULL, NULL FROM "OidcPayload" t JOIN "OidcPayload" s ON s.type = 'Session' AND s.uid = t.payload->>'sessionUid'
   WHERE t.type = $1 AND t.id = $2 AND ${LIVE("t")} AND ${LIVE("s")}`;
const FIND_TOKEN = tokenRows("NULL::timestamptz");
/**
 * The same, for the token endpoint about to exchange the token (a refresh token, a code): the token is
 * marked used in the same statement, if it was not already — what oidc-provider's consume() would do
 * one round trip later. Only one of two concurrent exchanges of a token gets `claimed`; the rows
 * (read in the statement's snapshot) still show the token as it was. Millisecond precision, so that
 * releaseClaim can find this exact mark again.
 */
const CLAIM_TOKEN = `WITH claim AS (
    UPDATE "OidcPayload" c SET "consumedAt" = date_trunc('milliseconds', now())
     WHERE c.type = $1 AND c.id = $2 AND c."consumedAt" IS NULL AND ${LIVE("c")}
    RETURNING c."consumedAt"
  )
  ${tokenRows(`(SELECT "consumedAt" FROM claim)`)}`;

/** One row stored. */
export async function upsertPayload(sql: Sql, u: PendingUpsert): Promise<void> {
  await sql("oidc_upsert", UPSERT_ONE, [u.id, u.type, JSON.stringify(u.payload), u.grantId, u.userCode, u.uid, u.accountId, u.expiresAt]);
}

/** Several writes in one statement: the rows to store, the [type, id] pairs to delete. */
export async function flushPayloads(sql: Sql, upserts: PendingUpsert[], destroys: { type: string; id: string }[]): Promise<void> {
  await sql("oidc_flush", FLUSH, [JSON.stringify(upserts), JSON.stringify(destroys)]);
}

/** A live row by id. */
export async function findPayload(sql: Sql, type: string, id: string): Promise<CachedRow[]> {
  return (await sql<CachedRow>("oidc_find_id", FIND.id, [type, id])).rows;
}

/**
 * A live token by id, with its account (for its client), its grant and its session; with `claim`,
 * the token is also marked used in the same statement (its row's `claimed`).
 */
export async function findToken(sql: Sql, type: string, id: string, claim = false): Promise<CachedRow[]> {
  return (
    await (claim ? sql<CachedRow>("oidc_claim_token", CLAIM_TOKEN, [type, id]) : sql<CachedRow>("oidc_find_token", FIND_TOKEN, [type, id]))
  ).rows;
}

/** Gives back a token marked used by findToken's claim, when the exchange it was claimed for failed. */
export async function releaseClaim(sql: Sql, type: string, id: string, claimed: Date): Promise<void> {
  await sql("oidc_release_claim", `UPDATE "OidcPayload" SET "consumedAt" = NULL WHERE id = $1 AND type = $2 AND "consumedAt" = $3`, [
    id,
    type,
    claimed,
  ]);
}

/** A live row by uid or by user code. */
export async function findPayloadBy(sql: Sql, by: "uid" | "userCode", type: string, value: string): Promise<CachedRow | undefined> {
  return (await sql<CachedRow>(`oidc_find_${by}`, FIND[by], [type, value])).rows[0];
}

/** Marks a code or a refresh token used; its consumedAt (none: no such row). */
export async function consumePayload(sql: Sql, type: string, id: string): Promise<Date | undefined> {
  const { rows } = await sql<{ consumedAt: Date }>(
    "oidc_consume",
    `UPDATE "OidcPayload" SET "consumedAt" = now() WHERE id = $1 AND type = $2 RETURNING "consumedAt"`,
    [id, type],
  );
  return rows[0]?.consumedAt;
}

export async function destroyPayload(sql: Sql, type: string, id: string): Promise<void> {
  await sql("oidc_destroy", `DELETE FROM "OidcPayload" WHERE id = $1 AND type = $2`, [id, type]);
}

export async function destroyGrantPayloads(sql: Sql, type: string, grantId: string): Promise<void> {
  await sql("oidc_revoke_grant", `DELETE FROM "OidcPayload" WHERE "grantId" = $1 AND type = $2`, [grantId, type]);
}

/** Expired rows are invisible to the finds; this removes them from time to time. */
export async function deleteExpiredPayloads(sql: Sql): Promise<number> {
  const { rowCount } = await sql(null, `DELETE FROM "OidcPayload" WHERE "expiresAt" < now() - interval '1 hour'`);
  return rowCount ?? 0;
}

/** The payloads of an account's sessions. */
export async function accountSessions(sql: Sql, accountId: string): Promise<{ authorizations?: Record<string, { sid?: string }> }[]> {
  const { rows } = await sql<{ payload: { authorizations?: Record<string, { sid?: string }> } }>(
    null,
    `SELECT payload FROM "OidcPayload" WHERE type = 'Session' AND "accountId" = $1`,
    [accountId],
  );
  return rows.map((r) => r.payload);
}

/** Everything of an account: sessions, grants, tokens. */
export async function deleteAccountPayloads(sql: Sql, accountId: string): Promise<number> {
  const { rowCount } = await sql(null, `DELETE FROM "OidcPayload" WHERE "accountId" = $1`, [accountId]);
  return rowCount ?? 0;
}
