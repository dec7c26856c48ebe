// Shared queries: who I am, the structure tree, the applications I administer.
import { useQuery } from "@tanstack/react-query";
import { api } from "./endpoints";
import type { Me, StructureNode, TreeNode } from "./types";

export const keys = {
  me: ["me"] as const,
  structures: ["structures"] as const,
  applications: ["applications"] as const,
  users: ["users"] as const,
  user: (id: string) => ["users", id] as const,
  roleMembers: ["role-members"] as const,
  structureMembers: ["structure-members"] as const,
};

export const useMe = () => useQuery({ queryKey: keys.me, queryFn: () => api.monProfil(), staleTime: 60_000 });
export const useStructures = () => useQuery({ queryKey: keys.structures, queryFn: () => api.arborescence(), staleTime: 60_000 });
export const useApplications = () =>
  useQuery({ queryKey: keys.applications, queryFn: async () => (await api.listerLesApplications()).items });

/** What the menu shows: a référent what he may use, a CIG admin everything, an agent his profile. */
export function capabilities(me: Me | undefined) {
  const isCigAdmin = me?.cigAdmin ?? false;
  const isReferent = isCigAdmin || Boolean(me?.can.manageUsers);
  return { isCigAdmin, isReferent, can: me?.can };
}

/** The API gives the nodes parents first; the tree is rebuilt here from parentId. */
export function buildTree(nodes: StructureNode[]): TreeNode[] {
  const byId = new Map<string, TreeNode>();
  const roots: TreeNode[] = [];
  for (const node of nodes) byId.set(node.id, { ...node, children: [] });
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The visible nodes in display order (for pickers): depth relative to the caller's own roots. */
export function orderedNodes(nodes: StructureNode[]): (StructureNode & { level: number })[] {
  const out: (StructureNode & { level: number })[] = [];
  const walk = (list: TreeNode[], level: number) => {
    for (const n of list) {
      out.push({ ...n, level });
      walk(n.children, level + 1);
    }
  };
  walk(buildTree(nodes), 0);
  return out;
}
