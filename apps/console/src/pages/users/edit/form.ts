// The "Éditer l'utilisateur" form's values, and what is sent: only what changed.
import type { UserCard, UserUpdateInput } from "../../../api/types";

export interface EditValues {
  lastName: string;
  firstName: string;
  service: string;
  fonction: string;
  phone: string;
  postalAddress: string;
  appIdentifier: string;
  teleworking: boolean;
  validFrom: string;
  validUntil: string;
  locked: boolean;
  lockedReason: string;
}

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

export function patchOf(original: EditValues, edited: EditValues, version: number): UserUpdateInput {
  const patch: Record<string, unknown> = { version };
  for (const key of changedFields(original, edited)) {
    const value = edited[key];
    patch[key] = typeof value === "string" ? (value.trim() === "" && nullable.has(key) ? null : value.trim()) : value;
  }
  if (patch.locked === false) patch.lockedReason = null;
  return patch as UserUpdateInput;
}
