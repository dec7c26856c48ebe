import { describe, expect, it } from "vitest";
import { checkPassword, isCommonPassword, PASSWORD_ERRORS } from "../../src/auth/password-policy.js";

const wonder = { email: "wonder.woman@yopmail.com", identifiant: "wonder.woman@yopmail.com", firstName: "Wonder", lastName: "WOMAN" };
const lea = { email: "lea.moreau@nanterre.fr", identifiant: "lmoreau-rh", firstName: "Léa", lastName: "MOREAU" };
const codes = (p: string, owner = wonder) => checkPassword(p, owner).map((e) => e.code);

describe("la politique de mot de passe", () => {
  it("accepte une phrase de passe longue sans lien avec la personne", () => {
    expect(checkPassword("Trois chevaux bleus dansent", wonder)).toEqual([]);
    expect(checkPassword("x7#Kp2!vQz9@Lm", lea)).toEqual([]);
  });

  it("refuse moins de 12 caractères (comptés en caractères, pas en octets)", () => {
    expect(codes("Xq7#pL2!vz")).toEqual(["TOO_SHORT"]);
    expect(codes("ééééKp2!vQz9")).not.toContain("TOO_SHORT");
    expect(checkPassword("court", wonder)[0]!.message).toBe("Le mot de passe doit comporter au moins 12 caractères.");
    expect(codes("")).toEqual(["EMPTY"]);
    expect(codes("a".repeat(129))).toContain("TOO_LONG");
  });

  it("refuse l'adresse e-mail, sa partie locale ou l'identifiant, sans tenir compte de la casse", () => {
    expect(codes("WONDER.WOMAN@yopmail.com!")).toContain("CONTAINS_EMAIL");
    expect(codes("mon-wonder.woman-2026")).toContain("CONTAINS_EMAIL");
    expect(codes("Zx9!lmoreau-rh#kq", lea)).toContain("CONTAINS_EMAIL");
    // The domain is not the person's: a password may contain it.
    expect(codes("Kq8#yopmail-zebre-42")).not.toContain("CONTAINS_EMAIL");
  });

  it("refuse le nom ou le prénom, sans tenir compte de la casse ni des accents", () => {
    expect(codes("Chevaux-Moreau-Bleus", lea)).toContain("CONTAINS_NAME");
    expect(codes("Zèbres de Léà qui dansent", { ...lea, email: "l.m@nanterre.fr" })).toEqual(["CONTAINS_NAME"]);
    expect(codes("xx-LEA-moreau-xx", lea)).toContain("CONTAINS_NAME");
    expect(codes("Chevaux woman bleus 7")).toContain("CONTAINS_NAME");
    expect(checkPassword("Chevaux-Moreau-Bleus", lea)[1]!.message).toBe("Le mot de passe ne doit pas contenir votre nom ni votre prénom.");
  });

  it("refuse les mots de passe courants, y compris français, et leurs variantes de chiffres ou de casse", () => {
    for (const p of [
      "motdepasse123",
      "Azertyuiop123!",
      "MotDePasse2026",
      "123456789012",
      "P@ssw0rd12345",
      "jetaimemonamour",
      "soleil123456",
      "aaaaaaaaaaaa",
    ]) {
      expect(isCommonPassword(p), p).toBe(true);
    }
    expect(isCommonPassword("Trois chevaux bleus dansent")).toBe(false);
    expect(checkPassword("Azertyuiop123!", wonder).map((e) => e.message)).toEqual([PASSWORD_ERRORS.COMMON]);
  });
});
