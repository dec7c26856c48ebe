// GET /me: the signed-in person's profile, roles and mandates, and what the console may show him.
import { z } from "zod";
import { ApplicationRef, StructureRef } from "./common.js";
import { Mandate } from "./mandates.js";
import { UserCard } from "./users.js";

export const Me = z.object({
  /** null for a client-credentials token (a back-office script acting as CIG administrator). */
  profile: UserCard.nullable(),
  cigAdmin: z.boolean(),
  mandates: z.array(Mandate),
  /** Shortcuts for the console's menus. */
  can: z.object({
    manageUsers: z.boolean(),
    manageStructures: z.boolean(),
    manageApplications: z.boolean(),
    manageMandates: z.boolean(),
    readAudit: z.boolean(),
  }),
  /** Applications whose roles the caller may grant, and the structures he administers. */
  administeredApplications: z.array(ApplicationRef),
  administeredStructures: z.array(StructureRef),
});
export type Me = z.infer<typeof Me>;
