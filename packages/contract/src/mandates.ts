// Mandates: who is référent administrateur of which structure for which applications, and who is
// CIG administrator. Named and removed by CIG administrators.
import { z } from "zod";
import { ApplicationRef, Id, PersonRef, StructureRef } from "./common.js";

export const MandateKind = z.enum(["CIG_ADMIN", "REFERENT"]);
export type MandateKind = z.infer<typeof MandateKind>;

export const Mandate = z.object({
  id: Id,
  kind: MandateKind,
  user: PersonRef,
  structure: StructureRef.nullable(),
  applications: z.array(ApplicationRef),
  grantedAt: z.string(),
});
export type Mandate = z.infer<typeof Mandate>;
export const MandateList = z.object({ items: z.array(Mandate) });
export type MandateList = z.infer<typeof MandateList>;

export const MandateCreate = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("CIG_ADMIN"), userId: Id }),
  z.strictObject({
    kind: z.literal("REFERENT"),
    userId: Id,
    structureId: Id,
    applicationIds: z.array(Id).min(1, "Choisissez au moins une application").max(50),
  }),
]);
export type MandateCreate = z.infer<typeof MandateCreate>;

/** PUT /mandates/:id/applications — change the applications of a référent's mandate. */
export const MandateApplicationsUpdate = z.strictObject({
  applicationIds: z.array(Id).min(1, "Choisissez au moins une application").max(50),
});
export type MandateApplicationsUpdate = z.infer<typeof MandateApplicationsUpdate>;
