// Whether an account may sign in now: the one rule shared by the login page, the token endpoint
// (refresh), the portal and the admin API.

export type AccountState = "active" | "locked" | "not_yet_valid" | "expired";

export interface AccountStateFields {
  locked: boolean;
  validFrom: Date | null;
  validUntil: Date | null;
}

// Validity dates are calendar days in Europe/Paris: the start date is the first day the account may
// sign in, the end date the last one (inclusive). A date is stored as its day's midnight UTC (the API's
// fromIsoDate), so its day is the first ten characters of its ISO form, whatever the time zone of the
// server or of the database session.
const PARIS_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" });

/** The calendar day in Europe/Paris at `now`, "AAAA-MM-JJ". */
export const parisDay = (now: Date = new Date()): string => PARIS_DAY.format(now);

/** The day a stored validity date stands for, "AAAA-MM-JJ". */
const validityDay = (d: Date): string => d.toISOString().slice(0, 10);

export function accountState(user: AccountStateFields, now: Date = new Date()): AccountState {
  if (user.locked) return "locked";
  if (!user.validFrom && !user.validUntil) return "active";
  const today = parisDay(now);
  if (user.validFrom && validityDay(user.validFrom) > today) return "not_yet_valid";
  if (user.validUntil && validityDay(user.validUntil) < today) return "expired";
  return "active";
}

/** What the person is told after a correct password on an account that may not sign in. */
export const ACCOUNT_STATE_MESSAGES: Record<Exclude<AccountState, "active">, string> = {
  locked: "Votre compte est verrouillé. Adressez-vous à votre référent administrateur.",
  not_yet_valid: "Votre compte n'est pas encore actif. Adressez-vous à votre référent administrateur.",
  expired: "Votre compte n'est plus actif. Adressez-vous à votre référent administrateur.",
};
