// Structures: the tree of the "Structures" menu.
import { z } from "zod";
import { Id, PageQuery, QueryBool, Search, requiredText, text } from "./common.js";

export const StructureKind = z.enum(["CIG", "GROUPE", "COLLECTIVITE", "ETABLISSEMENT", "DIRECTION", "SERVICE"]);
export type StructureKind = z.infer<typeof StructureKind>;

export const StructureNode = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  kind: StructureKind,
  parentId: Id.nullable(),
  depth: z.number().int(),
  /** "cig-pc / collectivites / L'Haÿ-les-Roses" */
  path: z.string(),
  /** Direct members (main structure or further membership). */
  memberCount: z.number().int(),
  childCount: z.number().int(),
  /** true when the caller may create/rename/move/delete here. */
  editable: z.boolean(),
  version: z.number().int(),
});
export type StructureNode = z.infer<typeof StructureNode>;

/** GET /structures: the nodes the caller sees, parents before children (build the tree with parentId). */
export const StructureTree = z.object({ nodes: z.array(StructureNode), roots: z.array(Id) });
export type StructureTree = z.infer<typeof StructureTree>;

export const StructureCreate = z.strictObject({
  name: requiredText(200, "Le nom"),
  kind: StructureKind.exclude(["CIG"]),
  parentId: Id,
  code: text(100)
    .regex(/^[a-z0-9-]+$/, "Code : minuscules, chiffres et tirets")
    .optional(),
});
export type StructureCreate = z.infer<typeof StructureCreate>;

/** PATCH /structures/:id — rename and/or move (parentId). */
export const StructureUpdate = z.strictObject({
  version: z.number().int().min(1).optional(),
  name: requiredText(200, "Le nom").optional(),
  kind: StructureKind.exclude(["CIG"]).optional(),
  parentId: Id.optional(),
});
export type StructureUpdate = z.infer<typeof StructureUpdate>;

/** GET /structures/:id/members */
export const StructureMembersQuery = z.strictObject({
  ...PageQuery,
  subtree: QueryBool.default(false),
  q: Search.optional(),
});
export type StructureMembersQuery = z.infer<typeof StructureMembersQuery>;
