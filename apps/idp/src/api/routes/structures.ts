// « Structures »: the tree, create / rename / move / delete (refused with the reason while it has
// members or children), and the members of a node with or without its sub-tree.
import crypto from "node:crypto";
import type Koa from "koa";
import { ENDPOINTS as E, type StructureNode } from "@convergences/contract";
import type { Database } from "../../db/database.js";
import { structureTree } from "../structure-tree.js";
import { recordAudit } from "../audit.js";
import { appOf, etag, expectedVersion } from "../http.js";
import { structureAncestors } from "../lookup.js";
import { actorOf, enforce, mayAdministerUsers, mayOnStructure, scopeRoots, structuresWhere, type Actor } from "../policy.js";
import { ApiError, notFoundField } from "../problem.js";
import { bind } from "../endpoint.js";
import { summariesPage } from "./users.js";

async function nodes(db: Pick<Database, "prisma" | "sql">, actor: Actor, ids?: string[]): Promise<StructureNode[]> {
  const scope = structuresWhere(actor);
  const rows = await db.prisma.structure.findMany({
    where: { AND: [scope ?? {}, ids ? { id: { in: ids } } : {}] },
    select: {
      id: true,
      code: true,
      name: true,
      kind: true,
      parentId: true,
      depth: true,
      ancestorIds: true,
      version: true,
      _count: { select: { children: true, users: true, memberships: true } },
    },
    orderBy: [{ depth: "asc" }, { name: "asc" }],
  });
  const tree = await structureTree(db.sql);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    parentId: r.parentId,
    depth: r.depth,
    path: tree.ref(r.id)?.path ?? "?",
    memberCount: r._count.users + r._count.memberships,
    childCount: r._count.children,
    editable: mayOnStructure(actor, "rename", r.ancestorIds),
    version: r.version,
  }));
}

async function one(db: Pick<Database, "prisma" | "sql">, actor: Actor, id: string): Promise<StructureNode> {
  const [n] = await nodes(db, actor, [id]);
  if (!n) throw new ApiError("STRUCTURE_NOT_FOUND");
  return n;
}

const unique = async <T>(f: () => Promise<T>): Promise<T> => {
  try {
    return await f();
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw new ApiError("STRUCTURE_NAME_TAKEN");
    throw e;
  }
};

/** A structure the actor may read: outside his scope it does not exist for him (404, the attempt audited). */
export async function readableStructure(ctx: Koa.Context, id: string, action: string) {
  const s = await structureAncestors(appOf(ctx).db.sql, id);
  if (!s) throw new ApiError("STRUCTURE_NOT_FOUND");
  await enforce(
    ctx,
    mayOnStructure(actorOf(ctx), "read", s.ancestorIds),
    { action, targetType: "structure", targetId: s.id, structureIds: s.ancestorIds },
    { hide: "STRUCTURE_NOT_FOUND" },
  );
  return s;
}

export const structureRoutes = [
  bind(E.arborescence, async (ctx) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayAdministerUsers(actor), { action: "structure.list" });
    const list = await nodes(appOf(ctx).db, actor);
    const roots = scopeRoots(actor);
    return { nodes: list, roots: roots === "all" ? list.filter((n) => n.parentId === null).map((n) => n.id) : roots };
  }),

  bind(E.consulterUneStructure, async (ctx, { params }) => {
    const s = await readableStructure(ctx, params.id, "structure.read");
    const n = await one(appOf(ctx).db, actorOf(ctx), s.id);
    ctx.set("ETag", etag(n.version));
    return n;
  }),

  bind(E.creerUneStructure, async (ctx, { body }) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayAdministerUsers(actor), { action: "structure.create" });
    const input = body();
    const { prisma, sql } = appOf(ctx).db;
    const parent = await structureAncestors(sql, input.parentId);
    if (!parent) throw notFoundField("parentId", "STRUCTURE_NOT_FOUND");
    await enforce(ctx, mayOnStructure(actor, "create-under", parent.ancestorIds), {
      action: "structure.create",
      targetType: "structure",
      targetId: parent.id,
      structureIds: parent.ancestorIds,
    });
    const id = crypto.randomUUID();
    const code = input.code ?? `s-${id.slice(0, 8)}`;
    if (await prisma.structure.findUnique({ where: { code } })) throw new ApiError("STRUCTURE_CODE_TAKEN");
    await unique(() =>
      prisma.$transaction(async (tx) => {
        const ancestorIds = [...parent.ancestorIds, id];
        await tx.structure.create({
          data: { id, code, name: input.name, kind: input.kind, parentId: parent.id, ancestorIds, depth: ancestorIds.length - 1 },
        });
        await recordAudit(
          ctx,
          {
            action: "structure.create",
            targetType: "structure",
            targetId: id,
            targetLabel: input.name,
            structureIds: ancestorIds,
            after: { ...input, code },
          },
          tx,
        );
      }),
    );
    return one(appOf(ctx).db, actor, id);
  }),

  bind(E.modifierUneStructure, async (ctx, { params, body }) => {
    const actor = actorOf(ctx);
    const { prisma, sql } = appOf(ctx).db;
    const s = await structureAncestors(sql, params.id);
    if (!s) throw new ApiError("STRUCTURE_NOT_FOUND");
    const input = body();
    // Permission before precondition: outside his scope the node does not exist for him (404, audited).
    await enforce(
      ctx,
      mayOnStructure(actor, "rename", s.ancestorIds),
      { action: "structure.update", targetType: "structure", targetId: s.id, structureIds: s.ancestorIds },
      { hide: "STRUCTURE_NOT_FOUND" },
    );
    const version = expectedVersion(ctx, input.version);
    const moving = input.parentId !== undefined && input.parentId !== s.parentId;
    let newAncestors = s.ancestorIds;
    if (moving) {
      if (!s.parentId) throw new ApiError("STRUCTURE_ROOT");
      const to = await structureAncestors(sql, input.parentId!);
      if (!to) throw notFoundField("parentId", "STRUCTURE_NOT_FOUND");
      await enforce(ctx, mayOnStructure(actor, "move", s.ancestorIds, to.ancestorIds), {
        action: "structure.update",
        targetType: "structure",
        targetId: s.id,
        structureIds: [...s.ancestorIds, ...to.ancestorIds],
      });
      if (to.ancestorIds.includes(s.id)) throw new ApiError("STRUCTURE_MOVE_CYCLE");
      newAncestors = [...to.ancestorIds, s.id];
    }
    await unique(() =>
      prisma.$transaction(async (tx) => {
        const r = await tx.structure.updateMany({
          where: { id: s.id, version },
          data: {
            ...(input.name ? { name: input.name } : {}),
            ...(input.kind ? { kind: input.kind } : {}),
            ...(moving ? { parentId: input.parentId, ancestorIds: newAncestors, depth: newAncestors.length - 1 } : {}),
            version: { increment: 1 },
          },
        });
        if (!r.count) throw new ApiError(ctx.get("if-match") ? "PRECONDITION_FAILED" : "VERSION_CONFLICT");
        if (moving) {
          // The whole sub-tree's materialized paths: replace the old prefix by the new one.
          const oldPrefixLength = s.ancestorIds.length;
          await tx.$executeRaw`
            UPDATE "Structure"
               SET "ancestorIds" = ${newAncestors}::uuid[] || "ancestorIds"[${oldPrefixLength + 1}:],
                   depth = ${newAncestors.length} + cardinality("ancestorIds") - ${oldPrefixLength} - 1
             WHERE "ancestorIds" @> ARRAY[${s.id}]::uuid[] AND id <> ${s.id}::uuid`;
        }
        await recordAudit(
          ctx,
          {
            action: "structure.update",
            targetType: "structure",
            targetId: s.id,
            targetLabel: s.name,
            structureIds: [...s.ancestorIds, ...newAncestors],
            before: { name: s.name, kind: s.kind, parentId: s.parentId },
            after: { name: input.name ?? s.name, kind: input.kind ?? s.kind, parentId: moving ? input.parentId : s.parentId },
          },
          tx,
        );
      }),
    );
    const n = await one(appOf(ctx).db, actor, s.id);
    ctx.set("ETag", etag(n.version));
    return n;
  }),

  bind(E.supprimerUneStructure, async (ctx, { params }) => {
    const actor = actorOf(ctx);
    const { prisma, sql } = appOf(ctx).db;
    const s = await structureAncestors(sql, params.id);
    if (!s) throw new ApiError("STRUCTURE_NOT_FOUND");
    await enforce(
      ctx,
      mayOnStructure(actor, "delete", s.ancestorIds),
      { action: "structure.delete", targetType: "structure", targetId: s.id, structureIds: s.ancestorIds },
      mayOnStructure(actor, "read", s.ancestorIds) ? {} : { hide: "STRUCTURE_NOT_FOUND" },
    );
    if (!s.parentId) throw new ApiError("STRUCTURE_ROOT");
    const [children, users, memberships, refs] = await Promise.all([
      prisma.structure.count({ where: { parentId: s.id } }),
      prisma.user.count({ where: { structureId: s.id } }),
      prisma.membership.count({ where: { structureId: s.id } }),
      prisma.roleAssignment.count({ where: { structureId: s.id } }),
    ]);
    if (children)
      throw new ApiError(
        "STRUCTURE_HAS_CHILDREN",
        `Cette structure ne peut pas être supprimée : elle contient encore ${children} sous-structure(s).`,
      );
    if (users + memberships)
      throw new ApiError(
        "STRUCTURE_HAS_MEMBERS",
        `Cette structure ne peut pas être supprimée : ${users + memberships} utilisateur(s) y sont encore rattaché(s).`,
      );
    if (refs) throw new ApiError("STRUCTURE_HAS_REFERENCES");
    await prisma.$transaction(async (tx) => {
      await tx.structure.delete({ where: { id: s.id } });
      await recordAudit(
        ctx,
        {
          action: "structure.delete",
          targetType: "structure",
          targetId: s.id,
          targetLabel: s.name,
          structureIds: s.ancestorIds,
          before: { name: s.name, kind: s.kind, parentId: s.parentId },
        },
        tx,
      );
    });
    return { message: "La structure a été supprimée." };
  }),

  bind(E.membresDUneStructure, async (ctx, { params, query }) => {
    const s = await readableStructure(ctx, params.id, "structure.members");
    const q = query();
    return summariesPage(ctx, { structureId: s.id, subtree: q.subtree, q: q.q }, { ...q, sort: "lastName", order: "asc" });
  }),
];
