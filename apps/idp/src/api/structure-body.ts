// The body (collectivité or établissement) for which an agent acts: the nearest such ancestor of his
// structure, else the structure itself. A role assignment is held for that body by default.
import type { PrismaClient } from "../generated/prisma/client.js";

export async function bodyOf(db: Pick<PrismaClient, "structure">, structureId: string): Promise<string> {
  const node = await db.structure.findUnique({ where: { id: structureId }, select: { ancestorIds: true } });
  if (!node) return structureId;
  const bodies = await db.structure.findMany({
    where: { id: { in: node.ancestorIds }, kind: { in: ["COLLECTIVITE", "ETABLISSEMENT"] } },
    select: { id: true, depth: true },
    orderBy: { depth: "desc" },
    take: 1,
  });
  return bodies[0]?.id ?? structureId;
}
