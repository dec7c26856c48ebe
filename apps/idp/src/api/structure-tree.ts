// The structure tree (a few thousand nodes), kept in memory: the one place where structure paths
// "cig-pc / collectivites / Nanterre" are computed, sub-trees and name search without a query per
// row. Before each use, one tiny query fingerprints the table (db/queries/structures.ts), so any
// change, through the API, Prisma or raw SQL, reloads it; the tree is never served stale.
import type { StructureRef } from "@convergences/contract";
import type { Sql } from "../db/sql.js";
import { structureFingerprint, structureRows, type StructureRow } from "../db/queries/structures.js";
import { fold } from "../lib/text.js";

export interface TreeNode {
  id: string;
  name: string;
  kind: string;
  ancestorIds: string[];
  /** Lower-cased, accent-free name, for the users' search. */
  folded: string;
  path: string;
}

export interface StructureTree {
  nodes: Map<string, TreeNode>;
  ref(id: string): StructureRef | undefined;
  /** Every node whose ancestors include one of `roots` (the roots included). */
  subtree(roots: string[]): string[];
  /** Nodes whose name contains the folded text. */
  named(folded: string): string[];
}

function build(rows: StructureRow[]): StructureTree {
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const nodes = new Map<string, TreeNode>();
  for (const r of rows) {
    nodes.set(r.id, {
      id: r.id,
      name: r.name,
      kind: r.kind,
      ancestorIds: r.ancestorIds,
      folded: fold(r.name),
      path: r.ancestorIds.map((a) => names.get(a) ?? "?").join(" / "),
    });
  }
  return {
    nodes,
    ref(id) {
      const n = nodes.get(id);
      return n && { id: n.id, name: n.name, path: n.path };
    },
    subtree(roots) {
      if (!roots.length) return [];
      const set = new Set(roots);
      const out: string[] = [];
      for (const n of nodes.values()) if (n.ancestorIds.some((a) => set.has(a))) out.push(n.id);
      return out;
    },
    named(folded) {
      const out: string[] = [];
      for (const n of nodes.values()) if (n.folded.includes(folded)) out.push(n.id);
      return out;
    },
  };
}

/** id → { id, name, path } for the given structures present in the tree. */
export function refsOf(tree: StructureTree, ids: Iterable<string>): Map<string, StructureRef> {
  const out = new Map<string, StructureRef>();
  for (const id of ids) {
    const ref = tree.ref(id);
    if (ref) out.set(id, ref);
  }
  return out;
}

/** One cache per runner (tests run several servers, each with its own database, in one process). */
const caches = new WeakMap<
  object,
  { cached?: { key: string; tree: StructureTree }; loading?: { key: string; promise: Promise<StructureTree> } }
>();

/** The current tree: one fingerprint query, plus a reload when the table changed. */
export async function structureTree(db: Sql): Promise<StructureTree> {
  let state = caches.get(db);
  if (!state) {
    state = {};
    caches.set(db, state);
  }
  const key = await structureFingerprint(db);
  if (state.cached?.key === key) return state.cached.tree;
  if (state.loading?.key !== key) {
    const s = state;
    const promise = structureRows(db)
      .then((rows) => {
        const tree = build(rows);
        s.cached = { key, tree };
        return tree;
      })
      .finally(() => {
        if (s.loading?.promise === promise) s.loading = undefined;
      });
    s.loading = { key, promise };
  }
  return state.loading!.promise;
}
