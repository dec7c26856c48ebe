// The statements of the Structure table on the hot paths. Every node stores `ancestorIds` (root …
// itself), so "S and everything below S" is `ancestorIds @> ARRAY[S]`, answered by the GIN index;
// its paths ("cig-pc / collectivites / Nanterre") are computed in one place, the cached tree
// (api/structure-tree.ts), from `structureRows`.
import type { Sql } from "../sql.js";

export interface StructureRow {
  id: string;
  name: string;
  kind: string;
  ancestorIds: string[];
}

/**
 * The table's fingerprint: its row count and the sum of its rows' creating transaction ids (xmin).
 * An insert or a delete changes the count, an update replaces a row version by one with a new xmin.
 */
export async function structureFingerprint(sql: Sql): Promise<string> {
  const { rows } = await sql<{ n: number; h: string }>(
    "structure_fingerprint",
    `SELECT count(*)::int AS n, coalesce(sum(xmin::text::bigint), 0)::text AS h FROM "Structure"`,
  );
  return `${rows[0]?.n}:${rows[0]?.h}`;
}

/** The whole tree (a few thousand nodes). */
export async function structureRows(sql: Sql): Promise<StructureRow[]> {
  return (
    await sql<StructureRow>(
      "structure_rows",
      `SELECT id::text, name, kind::text AS kind, "ancestorIds"::text[] AS "ancestorIds" FROM "Structure"`,
    )
  ).rows;
}

export interface StructurePlace extends StructureRow {
  parentId: string | null;
  version: number;
}

/** One structure with its ancestors, parent and version (policy checks, optimistic locking). */
export async function structurePlace(sql: Sql, id: string): Promise<StructurePlace | undefined> {
  const { rows } = await sql<StructurePlace>(
    "structure_place",
    `SELECT id::text, name, "ancestorIds"::text[] AS "ancestorIds", kind::text AS kind, "parentId"::text AS "parentId", version FROM "Structure" WHERE id = $1::uuid`,
    [id],
  );
  return rows[0];
}
