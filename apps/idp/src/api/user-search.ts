// The users list's filter: the caller's scope, the filters of the screen, and the search over
// nom, prénom, identifiant, email (trigram index on the folded `searchText`) and structure name —
// as SQL conditions on `"User" u`, and the page read with a plan chosen for 1,000,000 users.
import type { PrismaClient } from "../generated/prisma/client.js";
import type { UsersQuery } from "@convergences/contract";
import { fold } from "../lib/text.js";
import { scopeRoots, type Actor } from "./policy.js";
import { structureTree, type RawDb } from "./structure-tree.js";

/** Totals are counted exactly up to this many users; beyond, the page says "plus de 10 000". */
export const COUNT_CAP = 10_000;
/** How many rows of the name index a page may walk before sorting the matches instead. */
const WALK = 3_000;

/** LIKE metacharacters of the person's text are matched literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => "\\" + c);

/** SQL conditions on `"User" u` (ANDed) with their positional parameters. */
export interface UserFilter {
  conds: string[];
  params: unknown[];
  /** A search term is part of the filter (the name-index walk is tried first). */
  search: boolean;
}

function builder() {
  const params: unknown[] = [];
  return { params, p: (v: unknown, cast: string) => (params.push(v), `$${params.length}::${cast}`) };
}

/** Users placed in one of `structures` (main structure, or a further membership). */
const inStructures = (list: string) =>
  `(u."structureId" = ANY(${list}) OR u.id = ANY(ARRAY(SELECT m."userId" FROM "Membership" m WHERE m."structureId" = ANY(${list}))))`;

export async function userFilter(
  db: RawDb,
  actor: Actor,
  q: Pick<UsersQuery, "q" | "structureId" | "subtree" | "applicationId" | "roleId" | "locked">,
  scopeApplicationId?: string,
): Promise<UserFilter> {
  const { params, p } = builder();
  const conds: string[] = [];
  const roots = scopeRoots(actor, scopeApplicationId);
  const tree = roots !== "all" || q.structureId || q.q ? await structureTree(db) : null;
  // The policy's user scope (same rows as policy.usersWhere): the structures of the actor's sub-trees.
  if (roots !== "all") conds.push(roots.length ? inStructures(p(tree!.subtree(roots), "uuid[]")) : "FALSE");
  if (q.structureId) {
    conds.push(q.subtree === false
      ? `(u."structureId" = ${p(q.structureId, "uuid")} OR u.id IN (SELECT m."userId" FROM "Membership" m WHERE m."structureId" = $${params.length}::uuid))`
      : inStructures(p(tree!.subtree([q.structureId]), "uuid[]")));
  }
  if (q.roleId) conds.push(`u.id IN (SELECT ra."userId" FROM "RoleAssignment" ra WHERE ra."roleId" = ${p(q.roleId, "uuid")})`);
  else if (q.applicationId) {
    conds.push(`u.id IN (SELECT ra."userId" FROM "RoleAssignment" ra JOIN "Role" r ON r.id = ra."roleId" WHERE r."applicationId" = ${p(q.applicationId, "uuid")})`);
  }
  if (q.locked !== undefined) conds.push(`u.locked = ${p(q.locked, "boolean")}`);
  if (q.q) {
    const folded = fold(q.q);
    const named = tree!.named(folded);
    conds.push(`(u."searchText" LIKE ${p(`%${likeEscape(folded)}%`, "text")}${named.length ? ` OR u."structureId" = ANY(${p(named, "uuid[]")})` : ""})`);
  }
  return { conds, params, search: !!q.q };
}

/** The columns of a list row (UserSummary before its structure path). */
export interface SummaryRow {
  id: string; email: string; identifiant: string; lastName: string; firstName: string; structureId: string;
  service: string | null; fonction: string | null; locked: boolean; photoType: string | null;
  validFrom: Date | null; validUntil: Date | null; lastLoginAt: Date | null;
}
const COLUMNS = `u.id::text AS id, u.email, u.identifiant, u."lastName", u."firstName", u."structureId"::text AS "structureId", u.service,
  u.fonction, u.locked, u."photoType", u."validFrom", u."validUntil", u."lastLoginAt"`;
/** What the conditions and the sort read, for the name-index walk's sub-select. */
const WALKED = `id, email, identifiant, "lastName", "firstName", "structureId", service, fonction, locked, "photoType", "validFrom", "validUntil", "lastLoginAt", "searchText"`;

interface SortKey { expr: string; dir: "ASC" | "DESC"; nulls?: "NULLS LAST" }

function sortKeys(sort: UsersQuery["sort"], order: UsersQuery["order"]): SortKey[] {
  const dir = order === "desc" ? "DESC" : "ASC";
  const by: SortKey[] =
    sort === "structure" ? [{ expr: "s.name", dir }, { expr: `u."lastName"`, dir }]
    : sort === "lastName" ? [{ expr: `u."lastName"`, dir }, { expr: `u."firstName"`, dir }]
    : sort === "lastLoginAt" ? [{ expr: `u."lastLoginAt"`, dir, nulls: "NULLS LAST" }]
    : [{ expr: `u."${sort}"`, dir }];
  return [...by, { expr: "u.id", dir: "ASC" }];
}
const orderBy = (keys: SortKey[], alias?: (i: number) => string) =>
  keys.map((k, i) => `${alias ? alias(i) : k.expr} ${k.dir}${k.nulls ? " " + k.nulls : ""}`).join(", ");

export interface UserPageArgs { sort: UsersQuery["sort"]; order: UsersQuery["order"]; skip: number; take: number }
export interface UserPageResult { total: number; totalIsLowerBound: boolean; items: SummaryRow[] }

/**
 * One page of users and its total, in one to three statements whatever the directory's size:
 * - totals are exact up to COUNT_CAP; beyond, `totalIsLowerBound` (the count stops there);
 * - sorted by name, a page first walks the (lastName, firstName) index for WALK rows — enough when
 *   matches are frequent, as for most broad searches —, else sorts the matches themselves (found by
 *   the trigram / structure indexes), counting them exactly on the way. Walking the whole index
 *   filtering row by row is what PostgreSQL would otherwise do for "martin", whose 28,000 rows sit
 *   in the middle of it (2.4 s).
 */
export async function userPage(db: RawDb, f: UserFilter, a: UserPageArgs): Promise<UserPageResult> {
  const keys = sortKeys(a.sort, a.order);
  const from = `"User" u${a.sort === "structure" ? ` JOIN "Structure" s ON s.id = u."structureId"` : ""}`;
  const where = f.conds.length ? f.conds.join(" AND ") : "TRUE";
  const n = f.params.length;
  const limit = `LIMIT $${n + 1}::int OFFSET $${n + 2}::int`;
  const page = [...f.params, a.take, a.skip];
  const byName = a.sort === "lastName";

  const cappedCount = async () => {
    const [r] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${where} LIMIT ${COUNT_CAP + 1}) t`, ...f.params);
    const total = r?.n ?? 0;
    return { total: Math.min(total, COUNT_CAP), totalIsLowerBound: total > COUNT_CAP };
  };
  const plain = () => db.$queryRawUnsafe<SummaryRow[]>(`SELECT ${COLUMNS} FROM ${from} WHERE ${where} ORDER BY ${orderBy(keys)} ${limit}`, ...page);
  const walk = async () => {
    const w = Math.max(WALK, (a.skip + a.take) * 10);
    const rows = await db.$queryRawUnsafe<SummaryRow[]>(
      `SELECT ${COLUMNS} FROM (SELECT ${WALKED} FROM "User" u ORDER BY ${orderBy(keys)} LIMIT ${w}) u WHERE ${where} ORDER BY ${orderBy(keys)} ${limit}`,
      ...page,
    );
    return rows.length === a.take ? rows : null;
  };
  /**
   * The matches sorted (not the index walked), counted exactly by the same scan. MATERIALIZED keeps
   * PostgreSQL from walking the name index instead (it costs the window/count as if it could stop early).
   */
  const sorted = async (): Promise<UserPageResult> => {
    const rows = await db.$queryRawUnsafe<(SummaryRow & { total: number })[]>(
      `WITH m AS MATERIALIZED (SELECT u.id, ${keys.map((k, i) => `${k.expr} AS k${i}`).join(", ")} FROM ${from} WHERE ${where}),
            p AS (SELECT * FROM m ORDER BY ${orderBy(keys, (i) => `m.k${i}`)} ${limit})
       SELECT (SELECT count(*) FROM m)::int AS total, ${COLUMNS} FROM p JOIN "User" u ON u.id = p.id ORDER BY ${orderBy(keys, (i) => `p.k${i}`)}`,
      ...page,
    );
    if (!rows.length) return { ...(a.skip ? await cappedCount() : { total: 0, totalIsLowerBound: false }), items: [] };
    return { total: rows[0]!.total, totalIsLowerBound: false, items: rows.map(({ total: _t, ...r }) => r) };
  };

  // The whole directory: the index order is the plan; the count stops at the cap.
  if (!f.conds.length) {
    // One after the other: the embedded database interleaves concurrent statements of one process badly.
    const items = await plain();
    return { ...(await cappedCount()), items };
  }
  if (f.search && byName) {
    const items = await walk();
    return items ? { ...(await cappedCount()), items } : sorted();
  }
  // Filters without a search: the first CAP+1 matches, counted and sorted in one statement when
  // that is all of them (a référent's users, a structure's members).
  const rows = await db.$queryRawUnsafe<(SummaryRow & { total: number })[]>(
    `WITH m AS MATERIALIZED (SELECT ${COLUMNS}${keys.map((k, i) => `, ${k.expr} AS k${i}`).join("")} FROM ${from} WHERE ${where} LIMIT ${COUNT_CAP + 1})
     SELECT (SELECT count(*) FROM m)::int AS total, m.* FROM m ORDER BY ${orderBy(keys, (i) => `m.k${i}`)} ${limit}`,
    ...page,
  );
  const total = rows[0]?.total ?? (a.skip ? (await cappedCount()).total : 0);
  const strip = (r: SummaryRow & { total: number }) => {
    const { total: _t, ...rest } = r as unknown as Record<string, unknown>;
    for (const k of Object.keys(rest)) if (/^k\d+$/.test(k)) delete rest[k];
    return rest as unknown as SummaryRow;
  };
  if (total <= COUNT_CAP) return { total, totalIsLowerBound: false, items: rows.map(strip) };
  if (byName) {
    const items = await walk();
    if (items) return { total: COUNT_CAP, totalIsLowerBound: true, items };
    return sorted();
  }
  return { total: COUNT_CAP, totalIsLowerBound: true, items: await plain() };
}
