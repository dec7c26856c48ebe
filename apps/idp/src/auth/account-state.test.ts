// Validité d'un compte : des jours calendaires à Paris, la date de fin incluse.
import { describe, expect, it } from "vitest";
import { accountState, parisDay } from "./account-state.js";

const day = (s: string) => new Date(`${s}T00:00:00.000Z`); // as the API stores a date (fromIsoDate)
const account = (validFrom: string | null, validUntil: string | null) => ({
  locked: false,
  validFrom: validFrom ? day(validFrom) : null,
  validUntil: validUntil ? day(validUntil) : null,
});

describe("les dates de validité sont des jours à Paris, la date de fin incluse", () => {
  it("le dernier jour, le compte est actif jusqu'à minuit à Paris ; le lendemain il ne l'est plus", () => {
    const a = account(null, "2026-06-30");
    expect(accountState(a, new Date("2026-06-30T00:30:00+02:00"))).toBe("active"); // 22:30 UTC the day before
    expect(accountState(a, new Date("2026-06-30T23:59:00+02:00"))).toBe("active"); // already 21:59 UTC
    expect(accountState(a, new Date("2026-07-01T00:00:00+02:00"))).toBe("expired");
  });

  it("le premier jour commence à minuit à Paris (l'hiver comme l'été)", () => {
    const a = account("2026-12-15", null);
    expect(accountState(a, new Date("2026-12-14T23:59:00+01:00"))).toBe("not_yet_valid");
    expect(accountState(a, new Date("2026-12-15T00:00:00+01:00"))).toBe("active"); // 23:00 UTC on the 14th
  });

  it("début et fin le même jour : le compte est actif ce jour-là, et seulement ce jour-là", () => {
    const a = account("2026-03-29", "2026-03-29"); // the day clocks go forward
    expect(accountState(a, new Date("2026-03-28T23:59:00+01:00"))).toBe("not_yet_valid");
    expect(accountState(a, new Date("2026-03-29T00:01:00+01:00"))).toBe("active");
    expect(accountState(a, new Date("2026-03-29T23:59:00+02:00"))).toBe("active");
    expect(accountState(a, new Date("2026-03-30T00:00:00+02:00"))).toBe("expired");
  });

  it("un compte verrouillé le reste, quelles que soient ses dates", () => {
    expect(accountState({ ...account("2026-01-01", "2026-12-31"), locked: true }, new Date("2026-06-01T12:00:00Z"))).toBe("locked");
  });

  it("le jour à Paris ne dépend pas du fuseau du serveur", () => {
    expect(parisDay(new Date("2026-12-01T23:30:00Z"))).toBe("2026-12-02");
    expect(parisDay(new Date("2026-07-01T21:59:00Z"))).toBe("2026-07-01");
    expect(parisDay(new Date("2026-07-01T22:00:00Z"))).toBe("2026-07-02");
  });
});
