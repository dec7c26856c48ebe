// The users list's filter: the caller's scope, the filters of the screen, and the search over
// nom, prénom, identifiant, email (trigram index on the folded `searchText`) and structure name.
import type { PrismaClient, Prisma } from "../generated/prisma/client.js";
import type { UsersQuery } from "@convergences/contract";
import { fold } from "../lib/text.js";
import { usersWhere, type Actor } from "./policy.js";

/** LIKE metacharacters of the person's text are matched literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => "\\" + c);

async function structuresNamed(db: PrismaClient, q: string): Promise<string[]> {
  // Structures are few (thousands): folding their names here avoids needing the unaccent extension.
  const rows = await db.$queryRaw<{ id: string; name: string }[]>`SELECT id::text, name FROM "Structure"`;
  return rows.filter((r) => fold(r.name).includes(q)).map((r) => r.id);
}

export async function userFilter(
  db: PrismaClient,
  actor: Actor,
  q: Pick<UsersQuery, "q" | "structureId" | "subtree" | "applicationId" | "roleId" | "locked">,
  scopeApplicationId?: string,
): Promise<Prisma.UserWhereInput> {
  const and: Prisma.UserWhereInput[] = [];
  const scope = usersWhere(actor, scopeApplicationId);
  if (scope) and.push(scope);
  if (q.structureId) {
    and.push(
      q.subtree === false
        ? { OR: [{ structureId: q.structureId }, { memberships: { some: { structureId: q.structureId } } }] }
        : {
            OR: [
              { structure: { ancestorIds: { has: q.structureId } } },
              { memberships: { some: { structure: { ancestorIds: { has: q.structureId } } } } },
            ],
          },
    );
  }
  if (q.roleId) and.push({ roleAssignments: { some: { roleId: q.roleId } } });
  else if (q.applicationId) and.push({ roleAssignments: { some: { role: { applicationId: q.applicationId } } } });
  if (q.locked !== undefined) and.push({ locked: q.locked });
  if (q.q) {
    const folded = fold(q.q);
    const structures = await structuresNamed(db, folded);
    and.push({
      OR: [
        { searchText: { contains: likeEscape(folded) } },
        ...(structures.length ? [{ structureId: { in: structures } }] : []),
      ],
    });
  }
  return and.length ? { AND: and } : {};
}

export function userOrder(sort: UsersQuery["sort"], order: UsersQuery["order"]): Prisma.UserOrderByWithRelationInput[] {
  const by: Prisma.UserOrderByWithRelationInput[] =
    sort === "structure" ? [{ structure: { name: order } }, { lastName: order }]
    : sort === "lastName" ? [{ lastName: order }, { firstName: order }]
    : sort === "lastLoginAt" ? [{ lastLoginAt: { sort: order, nulls: "last" } }]
    : [{ [sort]: order }];
  return [...by, { id: "asc" }];
}

/**
 * One page of users. With a search or a scope/structure filter, PostgreSQL tends to walk the whole
 * (lastName, firstName) index filtering row by row (1.2 s on 1 M users for "martin"); turning plain
 * index scans off for this one statement makes it use the trigram / sub-tree bitmaps and sort the
 * matches instead (tens of ms). Without filters the name index is the right plan and is kept.
 */
export async function userPage<S extends Prisma.UserSelect>(
  db: PrismaClient,
  args: { where: Prisma.UserWhereInput; select: S; orderBy: Prisma.UserOrderByWithRelationInput[]; skip: number; take: number },
) {
  const filtered = Object.keys(args.where).length > 0;
  if (!filtered) return db.user.findMany(args);
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL enable_indexscan = off");
    return tx.user.findMany(args);
  });
}
