import type { UsersQuery } from "@convergences/contract";
import { fold } from "../lib/text.js";
import type { Actor } from "./policy.js";
import { covers, scopeRoots, sqlAssignmentsInScope, sqlUserIn, sqlUsersInScope } from "./scope.js";
import { rowsOf, type Sql } from "../db/sql.js";
import { SUMMARY_COLUMNS as COLUMNS, type SummaryRow } from "../db/queries/users.js";
import { structureTree, type StructureTree } from "./structure-tree.js";

/**
 * The page plans' sizes (tests shrink them to exercise every plan on a small directory).
 * - countCap: lists are counted exactly up to this many users; beyond, "plus de 10 000";
 * - searchCountCap: the same for a search (a search matching more should be refined: "plus de 1 000");
 * - walkRows: rows of the name index a page walks, filtering, before trying something else;
 * - walkMaxRows: how far a walk that found some matches goes on, when their density says it will
 *   find a full page before that (the walk is an index-only scan: ~0.5 µs a row on a quiet machine);
 * - probeRows: size of the name range first intersected with the search's index;
 * - boundaryTtlMs: how long the name found probeRows rows into the index is reused (any boundary
 *   gives right pages — a stale one only a smaller or larger range).
 */
export const tuning = {
  countCap: 10_000,
  searchCountCap: 1_000,
  walkRows: 5_000,
  walkMaxRows: 60_000,
  probeRows: 50_000,
  boundaryTtlMs: 300_000,
};
export const COUNT_CAP = tuning.countCap;

/** LIKE metacharacters of the person's text are matched literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => "\\" + c);

/** SQL conditions on `"User" u` (ANDed) with their positional parameters. */
export interface UserFilter {
  conds: string[];
  params: unknown[];
  /** A search term is part of the filter. */
  search: boolean;
  /** The structure tree the filter was built with (paths for the page's rows), when it was needed. */
  tree?: StructureTree;
}

function builder() {
  const params: unknown[] = [];
  return { params, p: (v: unknown, cast: string) => (params.push(v), `$${params.length}::${cast}`) };
}

/** Users placed in one of `structures` (main structure, or a further membership). */
const inStructures = sqlUserIn;

export async function userFilter(
  db: Sql,
  actor: Actor,
  q: Pick<UsersQuery, "q" | "structureId" | "subtree" | "applicationId" | "roleId" | "locked">,
  scopeApplicationId?: string,
): Promise<UserFilter> {
  const { params, p } = builder();
  const conds: string[] = [];
  const roots = scopeRoots(actor, scopeApplicationId);
  const tree = roots !== "all" || q.structureId || q.q ? await structureTree(db) : null;
  // The actor's scope (scope.ts). Implied, and left out, when the filter is a structure inside that
  // scope (its users are all in it).
  const insideScope = roots !== "all" && !!q.structureId && !!tree!.nodes.get(q.structureId)?.ancestorIds.some((a) => roots.includes(a));
  const scope = insideScope ? null : sqlUsersInScope(roots, tree!, p);
  if (scope) conds.push(scope);
  // A structure named by the filter or the search counts only inside the scope: a référent must not
  // learn, by filtering or searching on another body's structure, who also belongs to it.
  const mine = (ids: string[]) => (roots === "all" ? ids : ids.filter((id) => covers(roots, tree!.nodes.get(id)?.ancestorIds ?? [])));
  if (q.structureId) {
    if (roots === "all" && q.subtree === false) {
      conds.push(
        `(u."structureId" = ${p(q.structureId, "uuid")} OR u.id IN (SELECT m."userId" FROM "Membership" m WHERE m."structureId" = $${params.length}::uuid))`,
      );
    } else {
      const list = mine(q.subtree === false ? [q.structureId] : tree!.subtree([q.structureId]));
      conds.push(list.length ? inStructures(p(list, "uuid[]")) : "FALSE");
    }
  }
  // A role filter counts only the assignments held for the actor's structures (of his applications).
  const held = q.roleId || q.applicationId ? sqlAssignmentsInScope(actor, tree ?? (await structureTree(db)), p) : null;
  if (q.roleId)
    conds.push(
      `u.id IN (SELECT ra."userId" FROM "RoleAssignment" ra JOIN "Role" r ON r.id = ra."roleId" WHERE ra."roleId" = ${p(q.roleId, "uuid")}${held ? ` AND ${held}` : ""})`,
    );
  else if (q.applicationId) {
    conds.push(
      `u.id IN (SELECT ra."userId" FROM "RoleAssignment" ra JOIN "Role" r ON r.id = ra."roleId" WHERE r."applicationId" = ${p(q.applicationId, "uuid")}${held ? ` AND ${held}` : ""})`,
    );
  }
  if (q.locked !== undefined) conds.push(`u.locked = ${p(q.locked, "boolean")}`);
  if (q.q) {
    const folded = fold(q.q);
    const named = mine(tree!.named(folded));
    const byStructure = !named.length
      ? ""
      : roots === "all"
        ? ` OR u."structureId" = ANY(${p(named, "uuid[]")})`
        : ` OR ${inStructures(p(named, "uuid[]"))}`;
    conds.push(`(u."searchText" LIKE ${p(`%${likeEscape(folded)}%`, "text")}${byStructure})`);
  }
  return { conds, params, search: !!q.q, ...(tree ? { tree } : {}) };
}

/**
 * What the conditions and the sort read, for the name-index walk's sub-select: all in the index
 * ("User_lastName_firstName_idx" includes them), so the walk reads no heap page.
 */
const WALKED = `id, "lastName", "firstName", "searchText", "structureId", locked`;

interface SortKey {
  expr: string;
  dir: "ASC" | "DESC";
  nulls?: "NULLS LAST";
}

function sortKeys(sort: UsersQuery["sort"], order: UsersQuery["order"]): SortKey[] {
  const dir = order === "desc" ? "DESC" : "ASC";
  const by: SortKey[] =
    sort === "structure"
      ? [
          { expr: "s.name", dir },
          { expr: `u."lastName"`, dir },
        ]
      : sort === "lastName"
        ? [
            { expr: `u."lastName"`, dir },
            { expr: `u."firstName"`, dir },
          ]
        : sort === "lastLoginAt"
          ? [{ expr: `u."lastLoginAt"`, dir, nulls: "NULLS LAST" }]
          : [{ expr: `u."${sort}"`, dir }];
  return [...by, { expr: "u.id", dir: "ASC" }];
}
const orderBy = (keys: SortKey[], alias?: (i: number) => string) =>
  keys.map((k, i) => `${alias ? alias(i) : k.expr} ${k.dir}${k.nulls ? " " + k.nulls : ""}`).join(", ");

export interface UserPageArgs {
  sort: UsersQuery["sort"];
  order: UsersQuery["order"];
  skip: number;
  take: number;
}
export interface UserPageResult {
  total: number;
  totalIsLowerBound: boolean;
  items: SummaryRow[];
}

/**
 * One page of users and its total, whatever the directory's size (1,000,000 users), in a few
 * statements each bounded by the page, a cap, or the matches themselves:
 * - the whole directory: the name index in order; the count stops at the cap;
 * - a search alone, sorted by name (the CIG administrator's search), three plans in turn:
 *   1. walk the first `walkRows` rows of the (lastName, firstName) index, filtering — an index-only
 *      scan —: enough when matches are frequent ("agents.exam", a first name early in the alphabet);
 *      when it found some but not a page, on for as many rows as their density says a page needs
 *      (up to `walkMaxRows`: "martin", a few matches per thousand all along the alphabet);
 *   2. intersect the trigram index's matches with the first `probeRows` rows of the name order
 *      (BitmapAnd; one heap visit per match in that range, none per walked row);
 *   3. sort all the matches, counting them exactly on the way ("martin": 28,000 rows in the middle of
 *      the name order, which PostgreSQL would otherwise find by walking the index, 2.4 s);
 *   a plan that finds a full page answers with a total capped at `searchCountCap`;
 * - other filters (the référent's scope, a structure, a role…): the first countCap + 1 matches,
 *   counted and sorted in one statement — all of them, usually —, else the plans above.
 */
export async function userPage(db: Sql, f: UserFilter, a: UserPageArgs): Promise<UserPageResult> {
  const keys = sortKeys(a.sort, a.order);
  const dir = a.order === "desc" ? "DESC" : "ASC";
  const from = `"User" u${a.sort === "structure" ? ` JOIN "Structure" s ON s.id = u."structureId"` : ""}`;
  const where = f.conds.length ? f.conds.join(" AND ") : "TRUE";
  const n = f.params.length;
  const limit = `LIMIT $${n + 1}::int OFFSET $${n + 2}::int`;
  const page = [...f.params, a.take, a.skip];
  const byName = a.sort === "lastName";
  const keyCols = keys.map((k, i) => `${k.expr} AS k${i}`).join(", ");
  const withoutTotal = (rows: (SummaryRow & { total: number })[]) => rows.map(({ total: _t, ...r }) => r as SummaryRow);

  const cappedCount = async (cap: number) => {
    const [r] = await rowsOf<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${where} LIMIT ${cap + 1}) t`,
      f.params,
    );
    const total = r?.n ?? 0;
    return { total: Math.min(total, cap), totalIsLowerBound: total > cap };
  };
  const plain = () => rowsOf<SummaryRow>(db, `SELECT ${COLUMNS} FROM ${from} WHERE ${where} ORDER BY ${orderBy(keys)} ${limit}`, page);
  /**
   * 1. The name index walked for `w` rows (index-only), filtered; the page's rows then read by id.
   * `matched`: how many of the walked rows matched.
   */
  const walkRows = async (w: number) => {
    const rows = await rowsOf<SummaryRow & { total: number }>(
      db,
      `SELECT p.total, ${COLUMNS} FROM (
         SELECT u.id, ${keyCols}, count(*) OVER ()::int AS total
           FROM (SELECT ${WALKED} FROM "User" u ORDER BY ${orderBy(keys)} LIMIT ${w}) u
          WHERE ${where} ORDER BY ${orderBy(keys)} ${limit}) p
       JOIN "User" u ON u.id = p.id ORDER BY ${orderBy(keys, (i) => `p.k${i}`)}`,
      page,
    );
    return { rows, matched: rows[0]?.total ?? 0 };
  };
  const walk = async () => {
    const need = a.skip + a.take;
    let w = Math.max(tuning.walkRows, need * 10);
    let r = await walkRows(w);
    // Some matches, not a page: walk on as far as their density says a page needs, if that is not too far.
    if (r.rows.length < a.take && r.matched > 0 && r.matched < need) {
      const further = Math.min(tuning.walkMaxRows, Math.ceil(((w * need) / r.matched) * 1.5));
      if (further > w) {
        w = further;
        r = await walkRows(w);
      }
    }
    return { page: r.rows.length === a.take ? withoutTotal(r.rows) : null, matched: r.matched, walked: w };
  };
  /**
   * The matches among rows up to a name boundary, sorted; counted too (total). MATERIALIZED keeps
   * PostgreSQL from walking the name index instead: it costs that walk as if it could stop early.
   */
  const sortedMatches = (extra: string, extraParams: unknown[]) =>
    rowsOf<SummaryRow & { total: number }>(
      db,
      `WITH m AS MATERIALIZED (SELECT u.id, ${keyCols} FROM ${from} WHERE ${where}${extra}),
            p AS (SELECT * FROM m ORDER BY ${orderBy(keys, (i) => `m.k${i}`)} ${limit})
       SELECT (SELECT count(*) FROM m)::int AS total, ${COLUMNS} FROM p JOIN "User" u ON u.id = p.id ORDER BY ${orderBy(keys, (i) => `p.k${i}`)}`,
      [...page, ...extraParams],
    );
  /** 2. The matches within the first probeRows rows of the name order (index-only boundary, then BitmapAnd). */
  const probe = async () => {
    const b = await nameBoundary(db, dir, Math.max(tuning.probeRows, (a.skip + a.take) * 100));
    if (!b) return null; // a smaller directory: the sort of all matches costs no more
    // Ties on the boundary are all inside: every row left out sorts after every row kept.
    const rows = await sortedMatches(
      ` AND (u."lastName", u."firstName") ${dir === "ASC" ? "<=" : ">="} ($${n + 3}::text, $${n + 4}::text)`,
      [b.l, b.f],
    );
    return rows.length && rows[0]!.total >= a.skip + a.take ? { items: withoutTotal(rows), matched: rows[0]!.total } : null;
  };
  /** 3. All the matches sorted, and counted exactly. */
  const sorted = async (): Promise<UserPageResult> => {
    const rows = await sortedMatches("", []);
    if (!rows.length) return { ...(a.skip ? await cappedCount(tuning.countCap) : { total: 0, totalIsLowerBound: false }), items: [] };
    return { total: rows[0]!.total, totalIsLowerBound: false, items: withoutTotal(rows) };
  };
  /** `total(matched)`: the total, knowing that at least `matched` rows match. */
  const byNamePlans = async (
    total: (matched: number) => Promise<{ total: number; totalIsLowerBound: boolean }>,
  ): Promise<UserPageResult> => {
    const walked = await walk();
    if (walked.page) return { ...(await total(walked.matched)), items: walked.page };
    // The probe's range was walked already: straight to the sort of the matches. (A walk that met no
    // match still probes: in the dense names, "sophie" sits in a few surnames' blocks, none of them first.)
    const probed = walked.walked < tuning.probeRows ? await probe() : null;
    return probed ? { ...(await total(probed.matched)), items: probed.items } : sorted();
  };

  // The whole directory: the index order is the plan; the count stops at the cap.
  // (One statement after the other: the embedded database interleaves a process's concurrent statements badly.)
  if (!f.conds.length) {
    const items = await plain();
    return { ...(await cappedCount(tuning.countCap)), items };
  }
  if (f.search && f.conds.length === 1 && byName) {
    const cap = tuning.searchCountCap;
    return byNamePlans(async (matched) => (matched > cap ? { total: cap, totalIsLowerBound: true } : cappedCount(cap)));
  }
  // Other filters: the first countCap + 1 matches, counted and sorted in one statement when that is all of them.
  const rows = await rowsOf<SummaryRow & { total: number }>(
    db,
    `WITH m AS MATERIALIZED (SELECT ${COLUMNS}, ${keyCols} FROM ${from} WHERE ${where} LIMIT ${tuning.countCap + 1})
     SELECT (SELECT count(*) FROM m)::int AS total, m.* FROM m ORDER BY ${orderBy(keys, (i) => `m.k${i}`)} ${limit}`,
    page,
  );
  const total = rows[0]?.total ?? (a.skip ? (await cappedCount(tuning.countCap)).total : 0);
  const strip = (r: SummaryRow & { total: number }) => {
    const { total: _t, ...rest } = r as unknown as Record<string, unknown>;
    for (const k of Object.keys(rest)) if (/^k\d+$/.test(k)) delete rest[k];
    return rest as unknown as SummaryRow;
  };
  if (total <= tuning.countCap) return { total, totalIsLowerBound: false, items: rows.map(strip) };
  const lowerBound = async () => ({ total: tuning.countCap, totalIsLowerBound: true });
  if (byName) return byNamePlans(lowerBound);
  return { ...(await lowerBound()), items: await plain() };
}

/** The (lastName, firstName) `offset` rows into the name order (an index-only scan), reused for a while. */
const boundaries = new WeakMap<object, Map<string, { at: number; value: { l: string; f: string } | null }>>();
async function nameBoundary(db: Sql, dir: "ASC" | "DESC", offset: number) {
  let cache = boundaries.get(db);
  if (!cache) {
    cache = new Map();
    boundaries.set(db, cache);
  }
  const key = `${dir}:${offset}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < tuning.boundaryTtlMs) return hit.value;
  const [b] = await rowsOf<{ l: string; f: string }>(
    db,
    `SELECT "lastName" AS l, "firstName" AS f FROM "User" ORDER BY "lastName" ${dir}, "firstName" ${dir} OFFSET ${offset} LIMIT 1`,
  );
  cache.set(key, { at: Date.now(), value: b ?? null });
  return b ?? null;
}
