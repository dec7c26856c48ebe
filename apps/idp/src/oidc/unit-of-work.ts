// One request to the OIDC part (provider, interaction pages, portal) is one unit of work on the
// OidcPayload table: what it reads is remembered for the rest of the request, what it stores or
// deletes is sent in ONE statement when the request's handlers are done, before the response
// leaves (so another instance, or the relying party using a code at once, sees it). Reading a token
// (refresh token, code, access token) also reads its grant and session in the same statement,
// and its account, which oidc-provider asks for next; at the token endpoint the same statement marks
// the token being exchanged used (adapter.ts, readToExchange). A refresh thus costs 2 round trips instead of 7.
// Outside a request (admin API, commands, tests), the adapter works statement by statement.
import { requestScope } from "../lib/request-scope.js";
import type { AccountRow } from "../db/queries/users.js";
import type { CachedRow, PendingUpsert } from "../db/queries/oidc-payloads.js";

export type { CachedRow, PendingUpsert };

/** A row as the adapter keeps it: payload as JSON text (parsed afresh for each reader). */
export interface Unit {
  /** "type id" → the row read or written in this request; null: read and absent. */
  rows: Map<string, CachedRow | null>;
  /** "type uid" → "type id", for the rows in `rows` that have a uid. */
  uids: Map<string, string>;
  upserts: Map<string, PendingUpsert>;
  /** "type id" → [type, id] */
  destroys: Map<string, [string, string]>;
  /** accountKey(account, client) → the account read with a token (null: none). */
  accounts: Map<string, AccountRow | null>;
  /**
   * "type id" → a token this request marked used when it read it for the token endpoint (adapter.ts):
   * `consumed` once oidc-provider consumed it; given back at the end of the request otherwise.
   */
  claims: Map<string, Claim>;
}

export interface Claim {
  type: string;
  id: string;
  at: Date;
  consumed: boolean;
}

export const rowKey = (type: string, id: string) => `${type} ${id}`;

export function currentUnit(): Unit | undefined {
  return requestScope.getStore()?.unit;
}

export function hasPendingWrites(unit: Unit): boolean {
  return unit.upserts.size > 0 || unit.destroys.size > 0;
}

/** What the end of the request still has to send: writes, and tokens claimed for an exchange that did not happen. */
export function hasWorkAtEnd(unit: Unit): boolean {
  if (hasPendingWrites(unit)) return true;
  for (const c of unit.claims.values()) if (!c.consumed) return true;
  return false;
}

export const newUnit = (): Unit => ({
  rows: new Map(),
  uids: new Map(),
  upserts: new Map(),
  destroys: new Map(),
  accounts: new Map(),
  claims: new Map(),
});

/** Runs `handle` as one unit; `flush` sends its writes (and gives back unused claims) once `handle` is done (also after an error it handled). */
export async function inUnitOfWork(handle: () => Promise<void>, flush: (unit: Unit) => Promise<void>): Promise<void> {
  const unit = newUnit();
  const run = async () => {
    try {
      await handle();
    } finally {
      if (hasWorkAtEnd(unit)) await flush(unit);
    }
  };
  // Inside the request's scope (security-headers.ts starts it): the unit joins it for its duration,
  // and leaves it once flushed (work left behind by the request then goes statement by statement).
  const scope = requestScope.getStore();
  if (scope && !scope.unit) {
    scope.unit = unit;
    try {
      await run();
    } finally {
      scope.unit = undefined;
    }
    return;
  }
  await requestScope.run({ ...scope, unit }, run);
}
