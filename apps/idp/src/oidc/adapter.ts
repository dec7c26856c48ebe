// oidc-provider's storage: every model it keeps (Session, Grant, AccessToken, RefreshToken,
// AuthorizationCode, Interaction, …) is one row of the OidcPayload table, keyed by (id, type).
// The statements are in ../db/queries/oidc-payloads.ts, prepared on the pool: they sit on the hot path
// of every token call, where Prisma costs several times the CPU (BENCHMARKS.md, "OIDC").
// Inside a request the adapter works with the request's unit of work (unit-of-work.ts): reads are
// remembered, writes are sent together at the end of the request, a token comes with its grant and
// session. Clients are not stored here: the Client model reads the Application table (clients.ts).
import Provider, { type Adapter, type AdapterPayload } from "oidc-provider";
import type { Sql } from "../db/sql.js";
import { currentUnit, hasPendingWrites, newUnit, rowKey, type CachedRow, type PendingUpsert, type Unit } from "./unit-of-work.js";
import { createWriteBatcher } from "./write-batcher.js";
import { accountKey } from "./account.js";
import {
  consumePayload,
  destroyGrantPayloads,
  destroyPayload,
  findPayload,
  findPayloadBy,
  findToken,
  flushPayloads,
  releaseClaim,
  upsertPayload,
} from "../db/queries/oidc-payloads.js";
import { hasForbiddenCharacters } from "../lib/text.js";

const TOKEN_TYPES = new Set(["RefreshToken", "AuthorizationCode", "AccessToken"]);
/** The grant type of the token endpoint that exchanges (and consumes) a token of that type. */
const EXCHANGED_BY: Record<string, string> = { RefreshToken: "refresh_token", AuthorizationCode: "authorization_code" };

/**
 * Is this read the token endpoint's, about to exchange the token? Then the token is marked used in
 * the statement that reads it (findToken's claim), instead of by consume() one round trip later.
 * Introspection, revocation and userinfo read tokens without consuming them.
 */
function readToExchange(type: string): boolean {
  const grantType = EXCHANGED_BY[type];
  if (!grantType) return false;
  const oidc = (Provider.ctx as { oidc?: { route?: string; params?: { grant_type?: unknown } } } | undefined)?.oidc;
  return oidc?.route === "token" && oidc.params?.grant_type === grantType;
}

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
      if (upserts.length === 1 && !destroys.length) await upsertPayload(sql, upserts[0]!);
      else await flushPayloads(sql, upserts, destroys);
    });
    batchers.set(sql, batcher);
  }
  return batcher;
}

/**
 * The end of a request's unit: its pending writes, and the tokens it claimed for an exchange that did
 * not happen (a refused refresh: locked account, wrong scope…) given back, so that they still work.
 */
export async function endUnit(sql: Sql, unit: Unit): Promise<void> {
  const unused = [...unit.claims.values()].filter((c) => !c.consumed);
  unit.claims.clear();
  await Promise.all([flushUnit(sql, unit), ...unused.map((c) => releaseClaim(sql, c.type, c.id, c.at))]);
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
        const alone = newUnit();
        alone.upserts.set(rowKey(this.type, id), row);
        await flushUnit(sql, alone);
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
      const claim = Boolean(token) && readToExchange(this.type);
      const rows = token ? await findToken(sql, this.type, id, claim) : await findPayload(sql, this.type, id);
      const row = rows.find((r) => r.type === this.type && r.id === id);
      if (claim && row && !row.consumedAt) {
        // Marked used by this statement: consume() has nothing left to send. Not marked although
        // unused in the snapshot: another exchange of the same token got there first — it is used.
        if (row.claimed) unit!.claims.set(key, { type: this.type, id, at: row.claimed, consumed: false });
        else row.consumedAt = new Date();
      }
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
      const row = await findPayloadBy(sql, by, this.type, value);
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
      const claimed = unit?.claims.get(key);
      if (claimed && !claimed.consumed) {
        // Already marked used in the database when it was read (readToExchange).
        claimed.consumed = true;
        const known = unit!.rows.get(key);
        if (known) known.consumedAt = claimed.at;
        return;
      }
      if (unit?.upserts.has(key)) await flushUnit(sql, unit);
      const consumedAt = await consumePayload(sql, this.type, id);
      const known = unit?.rows.get(key);
      if (known && consumedAt) known.consumedAt = consumedAt;
    }

    async destroy(id: string): Promise<void> {
      const unit = currentUnit();
      if (!unit) {
        await destroyPayload(sql, this.type, id);
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
      await destroyGrantPayloads(sql, this.type, grantId);
    }
  };
}
