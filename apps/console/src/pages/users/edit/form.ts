// The "Éditer l'utilisateur" form's values, their check (the contract's UserUpdate) and what is sent:
// only what changed.
import { UserUpdate } from "@convergences/contract";
import { zodResolver } from "@hookform/resolvers/zod";
import type { FieldErrors, Resolver } from "react-hook-form";
import type { UserCard, UserUpdateInput } from "../../../api/types";
import { INVALID_DAY, INVALID_DAY_MESSAGE } from "../../../components/FrenchDateField";

type Editable = Pick<
  Required<UserUpdateInput>,
  | "lastName"
  | "firstName"
  | "service"
  | "fonction"
  | "phone"
  | "postalAddress"
  | "appIdentifier"
  | "teleworking"
  | "validFrom"
  | "validUntil"
  | "locked"
  | "lockedReason"
>;
/** The form's values: the contract's editable fields, a cleared text being "" in the form (null once sent). */
export type EditValues = { [K in keyof Editable]-?: NonNullable<Editable[K]> };

export function valuesOf(user: UserCard): EditValues {
  return {
    lastName: user.lastName,
    firstName: user.firstName,
    service: user.service ?? "",
    fonction: user.fonction ?? "",
    phone: user.phone ?? "",
    postalAddress: user.postalAddress ?? "",
    appIdentifier: user.appIdentifier ?? "",
    teleworking: user.teleworking,
    validFrom: user.validFrom ?? "",
    validUntil: user.validUntil ?? "",
    locked: user.locked,
    lockedReason: user.lockedReason ?? "",
  };
}

const nullable = new Set<keyof EditValues>([
  "service",
  "fonction",
  "phone",
  "postalAddress",
  "appIdentifier",
  "validFrom",
  "validUntil",
  "lockedReason",
]);

/** The fields whose value differs between two versions of the form. */
export function changedFields(a: EditValues, b: EditValues): (keyof EditValues)[] {
  return (Object.keys(a) as (keyof EditValues)[]).filter((k) => a[k] !== b[k]);
}

function sent(key: keyof EditValues, value: string): string | null;
function sent(key: keyof EditValues, value: string | boolean): string | boolean | null;
function sent(key: keyof EditValues, value: string | boolean) {
  return typeof value === "string" ? (value.trim() === "" && nullable.has(key) ? null : value.trim()) : value;
}

export function patchOf(original: EditValues, edited: EditValues, version: number): UserUpdateInput {
  const patch: Record<string, unknown> = { version };
  for (const key of changedFields(original, edited)) patch[key] = sent(key, edited[key]);
  if (patch.locked === false) patch.lockedReason = null;
  return patch as UserUpdateInput;
}

/**
 * The form's resolver: what would be sent is checked with the contract's UserUpdate (the fields I
 * changed, plus both validity days so that their order is checked), its French messages landing on the
 * fields. `original()` is the version being edited (it changes after a conflict).
 */
export function editResolver(original: () => { values: EditValues; version: number }): Resolver<EditValues> {
  const check = zodResolver(UserUpdate);
  return async (values, context, options) => {
    const { values: originalValues, version } = original();
    const candidate = {
      ...patchOf(originalValues, values, version),
      validFrom: sent("validFrom", values.validFrom),
      validUntil: sent("validUntil", values.validUntil),
    };
    const result = await check(candidate, context, options as never);
    const errors = result.errors as FieldErrors<EditValues>;
    // A day the date field could not read: say it in the field's own format (jj/mm/aaaa).
    for (const key of ["validFrom", "validUntil"] as const)
      if (values[key] === INVALID_DAY) errors[key] = { type: "day", message: INVALID_DAY_MESSAGE };
    return Object.keys(errors).length ? { values: {}, errors } : { values, errors: {} };
  };
}
