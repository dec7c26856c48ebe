// How a sign-in was made, in the ID token and the API's access tokens: `amr` values of RFC 8176 and
// an `acr` from the REFEDS profiles (single-factor or multi-factor).
export const ACR_SFA = "https://refeds.org/profile/sfa";
export const ACR_MFA = "https://refeds.org/profile/mfa";
export const ACR_VALUES = [ACR_SFA, ACR_MFA];

export type Amr = "pwd" | "otp" | "hwk" | "swk" | "mfa";

/** A passkey bound to one device is a hardware-secured key; a synced one is software-secured. */
export const passkeyAmr = (deviceType: string | null | undefined): Amr => (deviceType === "multiDevice" ? "swk" : "hwk");

/** Adds `factor` (and "mfa" once there are two kinds of proof, or a passkey verified its user). */
export function withFactor(amr: readonly string[], factor: Amr, userVerified = false): Amr[] {
  const out = new Set(amr as Amr[]);
  out.add(factor);
  out.delete("mfa");
  if (out.size >= 2 || userVerified) out.add("mfa");
  return [...out];
}

export const isMultiFactor = (amr: unknown) => Array.isArray(amr) && amr.includes("mfa");
export const acrOf = (amr: readonly string[]) => (isMultiFactor(amr) ? ACR_MFA : ACR_SFA);
