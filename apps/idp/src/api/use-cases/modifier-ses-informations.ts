// « Je modifie les informations d'un utilisateur de ma collectivité/mon établissement »: account-level
// (identity, fields, validity, lock, structure d'appartenance), so the référent of the home — never
// for a target who holds authority — or a CIG admin. Permission first, then the version (a stale or
// missing version says nothing to someone who may not edit).
import type { UserCard, UserUpdate } from "@convergences/contract";
import { userSearchText } from "../../lib/text.js";
import { accountState, type AccountStateFields } from "../../auth/account-state.js";
import { diff } from "../audit.js";
import { fromIsoDate, structureAncestors } from "../lookup.js";
import { mayOnAccount, mayPlaceUserIn } from "../policy.js";
import { ApiError, notFoundField } from "../problem.js";
import { revokeSessions } from "../revoke.js";
import { auditedSelect } from "../user-views.js";
import { allow, audit, cardIn, refuseUnless, seenUser, treeOf, type Call } from "./call.js";

/** `version`: read after the permission check (If-Match or the body's `version`). */
export async function modifierSesInformations(call: Call, id: string, input: UserUpdate, version: () => number): Promise<UserCard> {
  const placed = await seenUser(call, id, "user.update");
  await refuseUnless(call, mayOnAccount(call.actor, placed), "user.update", placed);
  const expected = version();
  const current = await call.db.user.findUniqueOrThrow({
    where: { id: placed.id },
    select: { ...auditedSelect, email: true, version: true },
  });
  if (input.email !== undefined && input.email.toLowerCase() !== current.email.toLowerCase()) {
    throw new ApiError("EMAIL_IMMUTABLE", undefined, [{ path: "email", message: "L'adresse e-mail ne peut pas être modifiée." }]);
  }
  let structureIds = placed.structureIds;
  const newHome =
    input.structureId && input.structureId !== current.structureId ? await structureAncestors(call.sql, input.structureId) : null;
  if (input.structureId && input.structureId !== current.structureId) {
    if (!newHome) throw notFoundField("structureId", "STRUCTURE_NOT_FOUND");
    // A new home: rights on both (the old one was checked with the account).
    await allow(call, mayPlaceUserIn(call.actor, newHome.ancestorIds), {
      action: "user.update",
      targetType: "user",
      targetId: placed.id,
      structureIds: newHome.ancestorIds,
    });
    structureIds = [...structureIds, ...newHome.ancestorIds];
  }
  const { version: _v, email: _e, ...fields } = input;
  const data = { ...fields, validFrom: fromIsoDate(fields.validFrom), validUntil: fromIsoDate(fields.validUntil) } as Record<
    string,
    unknown
  >;
  for (const k of Object.keys(data)) if (data[k] === undefined) delete data[k];
  if (fields.locked === true && !current.locked) data.lockedAt = new Date();
  if (fields.locked === false) Object.assign(data, { lockedAt: null, lockedReason: null });
  const next = { ...current, ...data } as typeof current;
  const changes = diff(current as Record<string, unknown>, data);
  const tree = await treeOf(call);
  const card = await call.db.$transaction(async (tx) => {
    const r = await tx.user.updateMany({
      where: { id: placed.id, version: expected },
      data: { ...data, searchText: userSearchText(next), version: { increment: 1 } },
    });
    if (r.count === 0) return null;
    // The new home was perhaps one of his further memberships: it is the home now.
    if (newHome) await tx.membership.deleteMany({ where: { userId: placed.id, structureId: newHome.id } });
    await audit(
      call,
      { action: "user.update", targetType: "user", targetId: placed.id, targetLabel: placed.label, structureIds, ...changes },
      tx,
    );
    return cardIn(call, tx, placed.id, tree);
  });
  if (!card) throw new ApiError(call.ctx.get("if-match") ? "PRECONDITION_FAILED" : "VERSION_CONFLICT");
  if (endsAccess(current, next)) await revokeSessions(call.app, placed.id);
  return card;
}

/** The account could sign in and no longer can (locked, validity ended or not begun, by the shared rule): the sessions go. */
function endsAccess(before: AccountStateFields, after: AccountStateFields) {
  return accountState(before) === "active" && accountState(after) !== "active";
}
