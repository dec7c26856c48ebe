// Whom an agent refused by an application should ask: the référents of his structure (or of a
// structure above it) for that application, else those of his structure for any application.
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Referent } from "../web/acces-refuse.js";

export async function referentsFor(prisma: PrismaClient, userId: string, clientId: string): Promise<Referent[]> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { structure: { select: { ancestorIds: true } }, memberships: { select: { structure: { select: { ancestorIds: true } } } } },
  });
  if (!user) return [];
  const structureIds = [...new Set([user.structure, ...user.memberships.map((m) => m.structure)].flatMap((s) => s.ancestorIds))];
  const find = (forApplication: boolean) =>
    prisma.mandate.findMany({
      where: {
        kind: "REFERENT",
        structureId: { in: structureIds },
        userId: { not: userId },
        ...(forApplication ? { applications: { some: { application: { clientId } } } } : {}),
      },
      select: { user: { select: { firstName: true, lastName: true, email: true } } },
      orderBy: { grantedAt: "asc" },
    });
  let mandates = await find(true);
  if (!mandates.length) mandates = await find(false);
  const seen = new Map<string, Referent>();
  for (const m of mandates) seen.set(m.user.email, { name: `${m.user.firstName} ${m.user.lastName}`, email: m.user.email });
  return [...seen.values()];
}
