// Sub-tree queries over the structure tree. Every node stores `ancestorIds` (root … itself), so
// "S and everything below S" is `ancestorIds @> ARRAY[S]`, answered by the GIN index.
import type { PrismaClient } from "../generated/prisma/client.js";

/** Prisma filter: the structure S itself and all its descendants. */
export const inSubtree = (structureId: string) => ({ ancestorIds: { has: structureId } });

/** Ids of S and of all its descendants. */
export async function subtreeIds(prisma: Pick<PrismaClient, "structure">, structureId: string): Promise<string[]> {
  const rows = await prisma.structure.findMany({ where: inSubtree(structureId), select: { id: true } });
  return rows.map((r) => r.id);
}

/** "cig-pc / collectivites / L'Haÿ-les-Roses / Direction générale": the path shown by the guide. */
export async function structurePaths(prisma: Pick<PrismaClient, "structure">, ids: string[]): Promise<Map<string, string>> {
  const nodes = await prisma.structure.findMany({ where: { id: { in: ids } }, select: { id: true, ancestorIds: true } });
  const all = new Set(nodes.flatMap((n) => n.ancestorIds));
  const names = new Map(
    (await prisma.structure.findMany({ where: { id: { in: [...all] } }, select: { id: true, name: true } })).map((n) => [n.id, n.name]),
  );
  return new Map(nodes.map((n) => [n.id, n.ancestorIds.map((a) => names.get(a) ?? "?").join(" / ")]));
}
