// The applications an agent may open from the portal: those where he holds a role, and those every
// account may enter (the AIA console), in the tiles' order.
import type { PrismaClient } from "../generated/prisma/client.js";

export interface Tile {
  code: string;
  label: string;
  description: string | null;
  color: string | null;
  url: string;
}

export async function tilesFor(prisma: PrismaClient, userId: string): Promise<Tile[]> {
  const apps = await prisma.application.findMany({
    where: {
      enabled: true,
      launchUrl: { not: null },
      OR: [{ requiresRole: false }, { roles: { some: { assignments: { some: { userId } } } } }],
    },
    orderBy: [{ tileOrder: "asc" }, { name: "asc" }],
    select: { code: true, tileLabel: true, tileDescription: true, tileColor: true, launchUrl: true },
  });
  return apps.map((a) => ({ code: a.code, label: a.tileLabel, description: a.tileDescription, color: a.tileColor, url: a.launchUrl! }));
}
