// Whether an account may sign in now: the one rule shared by the login page, the token endpoint
// (refresh), the portal and the admin API.

export type AccountState = "active" | "locked" | "not_yet_valid" | "expired";

export interface AccountStateFields {
  locked: boolean;
  validFrom: Date | null;
  validUntil: Date | null;
}

export function accountState(user: AccountStateFields, now: Date = new Date()): AccountState {
  if (user.locked) return "locked";
  if (user.validFrom && user.validFrom.getTime() > now.getTime()) return "not_yet_valid";
  if (user.validUntil && user.validUntil.getTime() <= now.getTime()) return "expired";
  return "active";
}

/** What the person is told after a correct password on an account that may not sign in. */
export const ACCOUNT_STATE_MESSAGES: Record<Exclude<AccountState, "active">, string> = {
  locked: "Votre compte est verrouillé. Adressez-vous à votre référent administrateur.",
  not_yet_valid: "Votre compte n'est pas encore actif. Adressez-vous à votre référent administrateur.",
  expired: "Votre compte n'est plus actif. Adressez-vous à votre référent administrateur.",
};
