// The users list's filter: the caller's scope, the filters of the screen, and the search over
// nom, prénom, identifiant, email (trigram index on the folded `searchText`) and structure name.
import type { PrismaClient, Prisma } from "../generated/prisma/client.js";
import type { UsersQuery } from "@convergences/contract";
import { fold } from "../lib/text.js";
import { scopeRoots, usersWhere, type Actor } from "./policy.js";

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
  const scope = await indexedScope(db, actor, scopeApplicationId);
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
 * One page of users, with its total. When the filters keep a small part of the directory (a search,
 * a référent's scope, a structure), PostgreSQL tends to walk the whole (lastName, firstName) index
 * filtering row by row (1.2 s on 1 M users for "martin", whose rows sit in the middle of the index);
 * turning plain index scans off for that one statement makes it sort the trigram / sub-tree matches
 * instead. When most rows match, walking the name index is the right plan and is kept.
 */
export async function userPage<S extends Prisma.UserSelect>(
  db: PrismaClient,
  args: { where: Prisma.UserWhereInput; select: S; orderBy: Prisma.UserOrderByWithRelationInput[]; skip: number; take: number },
) {
  const total = await db.user.count({ where: args.where });
  const filtered = Object.keys(args.where).length > 0;
  const selective = filtered && total < 0.2 * (await estimatedUsers(db));
  const items = selective
    ? await db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe("SET LOCAL enable_indexscan = off");
          return tx.user.findMany(args);
        },
        { timeout: 30_000 },
      )
    : await db.user.findMany(args);
  return { total, items };
}

let estimate: { at: number; n: number } | null = null;
async function estimatedUsers(db: PrismaClient): Promise<number> {
  if (!estimate || Date.now() - estimate.at > 60_000) {
    const [row] = await db.$queryRaw<{ n: number }[]>`SELECT GREATEST(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = '"User"'::regclass`;
    estimate = { at: Date.now(), n: Number(row?.n ?? 0) };
  }
  return estimate.n;
}

/**
 * The policy's user scope (usersWhere), resolved into lists that PostgreSQL can combine as index
 * bitmaps: the structures of the actor's sub-trees (GIN on ancestorIds) and the users attached there
 * through a further membership. Same rows as usersWhere; a référent's list then starts from his
 * few thousand users instead of filtering the whole directory.
 */
async function indexedScope(db: PrismaClient, actor: Actor, applicationId?: string): Promise<Prisma.UserWhereInput | undefined> {
  const roots = scopeRoots(actor, applicationId);
  if (roots === "all") return undefined;
  if (!roots.length) return usersWhere(actor, applicationId);
  const structures = (await db.structure.findMany({ where: { ancestorIds: { hasSome: roots } }, select: { id: true } })).map((s) => s.id);
  const attached = (await db.membership.findMany({ where: { structureId: { in: structures } }, select: { userId: true } })).map((m) => m.userId);
  return { OR: [{ structureId: { in: structures } }, ...(attached.length ? [{ id: { in: [...new Set(attached)] } }] : [])] };
}
