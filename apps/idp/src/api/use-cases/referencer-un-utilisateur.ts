// « Je référence un utilisateur appartenant à la structure dont je suis référent désigné »: the
// wizard's email check, the creation of an account (with its roles and the information mail), and —
// « Adresse mail déjà existante dans AIA » — the attachment of an existing account, found by its
// email, to a structure of the actor's scope (membership rights only).
import { MESSAGES, type AttachRequest, type EmailCheckResult, type UserCard, type UserCreate } from "@convergences/contract";
import { accountCreatedMail } from "../../mail/templates.js";
import { enqueueMail } from "../../mail/outbox.js";
import { userSearchText } from "../../lib/text.js";
import { fromIsoDate, placeUser, structureAncestors, structureRef } from "../lookup.js";
import { mayAdministerUsers, mayPlaceUserIn, placements, placementsInScope } from "../policy.js";
import { ApiError, notFoundField } from "../problem.js";
import { auditedSelect } from "../user-views.js";
import { allow, audit, cardIn, treeOf, type Call } from "./call.js";
import { checkRoleChoices, grantRole } from "./habiliter.js";

const notFoundStructure = () => notFoundField("structureId", "STRUCTURE_NOT_FOUND");

/** « Vérifier l'adresse mail »: only the status and the structure's name and path (never ids or names of the person). */
export async function verifierAdresseMail(call: Call, email: string): Promise<EmailCheckResult> {
  await allow(call, mayAdministerUsers(call.actor), { action: "user.email-check" });
  const found = await call.db.user.findUnique({ where: { emailLower: email.toLowerCase() }, select: { id: true } });
  const placed = found && (await placeUser(call.sql, found.id));
  if (!placed) return { status: "available", message: MESSAGES.emailAvailable };
  const mine = placementsInScope(call.actor, placed);
  const s = await structureRef(call.sql, (mine[0] ?? placed.home).structureId);
  return {
    status: mine.length ? "exists-in-my-scope" : "exists",
    message: MESSAGES.emailExists(placed.email, s.name, s.path),
    structure: { name: s.name, path: s.path },
  };
}

/** Creates the account in a structure of the actor's scope, with its roles, the mail and the audit event, in one transaction. */
export async function referencerUnUtilisateur(call: Call, input: UserCreate): Promise<UserCard> {
  await allow(call, mayAdministerUsers(call.actor), { action: "user.create" });
  const structure = await structureAncestors(call.sql, input.structureId);
  if (!structure) throw notFoundStructure();
  await allow(call, mayPlaceUserIn(call.actor, structure.ancestorIds), {
    action: "user.create",
    targetType: "structure",
    targetId: structure.id,
    structureIds: structure.ancestorIds,
  });
  const home = { structureId: structure.id, ancestors: structure.ancestorIds };
  const grants = await checkRoleChoices(call, input.roles ?? [], [home]);
  if (await call.db.user.findUnique({ where: { emailLower: input.email.toLowerCase() }, select: { id: true } })) {
    throw new ApiError("EMAIL_TAKEN", undefined, [
      { path: "email", message: "Un compte utilisateur existe déjà avec cette adresse e-mail." },
    ]);
  }
  const identifiant = input.identifiant ?? input.email;
  const tree = await treeOf(call);
  return call.db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email: input.email,
        emailLower: input.email.toLowerCase(),
        identifiant,
        lastName: input.lastName,
        firstName: input.firstName,
        structureId: structure.id,
        service: input.service ?? null,
        fonction: input.fonction ?? null,
        phone: input.phone ?? null,
        postalAddress: input.postalAddress ?? null,
        teleworking: input.teleworking ?? false,
        appIdentifier: input.appIdentifier ?? null,
        validFrom: fromIsoDate(input.validFrom) ?? null,
        validUntil: fromIsoDate(input.validUntil) ?? null,
        locked: input.locked ?? false,
        lockedReason: input.locked ? (input.lockedReason ?? null) : null,
        lockedAt: input.locked ? new Date() : null,
        searchText: userSearchText({ ...input, identifiant }),
        createdById: call.actor.userId,
      },
      select: { id: true, ...auditedSelect, email: true },
    });
    const label = `${user.firstName} ${user.lastName} <${user.email}>`;
    for (const g of grants) await grantRole(call, tx, { id: user.id, label }, g.role, g.heldFor);
    await enqueueMail(
      tx,
      accountCreatedMail(call.app.config, { email: user.email, identifiant, firstName: user.firstName, lastName: user.lastName }),
    );
    await audit(
      call,
      {
        action: "user.create",
        targetType: "user",
        targetId: user.id,
        targetLabel: `${user.firstName} ${user.lastName}`,
        structureIds: structure.ancestorIds,
        after: { ...user, roles: grants.map((g) => ({ roleId: g.role.id, structureId: g.heldFor.structureId })) },
      },
      tx,
    );
    return cardIn(call, tx, user.id, tree);
  });
}

/** « Cas des utilisateurs multi-structure »: the existing account, by its email, joins a structure of the actor's scope. */
export async function rattacherUnUtilisateur(call: Call, input: AttachRequest): Promise<UserCard> {
  await allow(call, mayAdministerUsers(call.actor), { action: "user.attach" });
  const s = await structureAncestors(call.sql, input.structureId);
  if (!s) throw notFoundStructure();
  await allow(call, mayPlaceUserIn(call.actor, s.ancestorIds), {
    action: "user.attach",
    targetType: "structure",
    targetId: s.id,
    structureIds: s.ancestorIds,
  });
  const found = await call.db.user.findUnique({ where: { emailLower: input.email.toLowerCase() }, select: { id: true } });
  const placed = found && (await placeUser(call.sql, found.id));
  if (!placed) throw new ApiError("USER_NOT_FOUND", undefined, [{ path: "email", message: MESSAGES.emailAvailable }]);
  return attach(call, placed, { structureId: s.id, ancestors: s.ancestorIds });
}

/** The membership, its audit event (seen by the destination's référents only) and the card, in one transaction. */
export async function attach(
  call: Call,
  placed: NonNullable<Awaited<ReturnType<typeof placeUser>>>,
  to: { structureId: string; ancestors: string[] },
): Promise<UserCard> {
  if (placements(placed).some((p) => p.structureId === to.structureId)) throw new ApiError("ALREADY_MEMBER");
  const tree = await treeOf(call);
  return call.db.$transaction(async (tx) => {
    await tx.membership.create({ data: { userId: placed.id, structureId: to.structureId, createdById: call.actor.userId } });
    await audit(
      call,
      {
        action: "user.attach",
        targetType: "user",
        targetId: placed.id,
        targetLabel: placed.label,
        structureIds: to.ancestors,
        after: { structureId: to.structureId },
      },
      tx,
    );
    return cardIn(call, tx, placed.id, tree);
  });
}
