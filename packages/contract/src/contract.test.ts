import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ERRORS,
  UserCreate,
  UserUpdate,
  UsersQuery,
  EmailCheckRequest,
  MandateCreate,
  AssignRequest,
  Problem,
  ERROR_CODES,
} from "./index.js";

const valid = {
  email: "Jeanne.Dupont@Montreuil.fr",
  lastName: "DUPONT",
  firstName: "Jeanne",
  structureId: "0b9e2c2a-1f3e-4a8e-9a57-0d0b6c1f2e33",
};

describe("le contrat partagé", () => {
  it("accepte les champs obligatoires du guide (nom, prénom, adresse mail, structure d'appartenance)", () => {
    expect(UserCreate.parse(valid)).toMatchObject({ lastName: "DUPONT" });
  });

  it("refuse les champs inconnus", () => {
    const r = UserCreate.safeParse({ ...valid, isAdmin: true });
    expect(r.success).toBe(false);
    expect(UserUpdate.safeParse({ passwordHash: "x" }).success).toBe(false);
  });

  it("refuse une adresse mail mal formée, avec un message en français", () => {
    const r = EmailCheckRequest.safeParse({ email: "pas-une-adresse" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe("Adresse e-mail invalide");
  });

  it("demande au moins 3 caractères pour rechercher, et borne la taille de page", () => {
    expect(UsersQuery.safeParse({ q: "ab" }).error!.issues[0]!.message).toMatch(/au moins 3 caractères/);
    expect(UsersQuery.safeParse({ pageSize: "100000" }).success).toBe(false);
    expect(UsersQuery.parse({ q: "dur", page: "2", locked: "true" })).toMatchObject({ q: "dur", page: 2, locked: true, pageSize: 25 });
  });

  it("exige une fin de validité après son début", () => {
    expect(UserCreate.safeParse({ ...valid, validFrom: "2026-05-01", validUntil: "2026-04-01" }).success).toBe(false);
  });

  it("garde du HTML et des formules comme du texte simple", () => {
    const v = UserCreate.parse({ ...valid, fonction: '=HYPERLINK("x")', service: "<script>alert(1)</script>" });
    expect(v.fonction).toBe('=HYPERLINK("x")');
    expect(v.service).toBe("<script>alert(1)</script>");
  });

  it("désigne un référent avec au moins une application", () => {
    expect(
      MandateCreate.safeParse({ kind: "REFERENT", userId: valid.structureId, structureId: valid.structureId, applicationIds: [] }).success,
    ).toBe(false);
    expect(AssignRequest.safeParse({ userIds: [] }).success).toBe(false);
  });

  it("chaque code d'erreur a un message en français et un statut HTTP, et le contrat se convertit en JSON Schema", () => {
    for (const code of ERROR_CODES) {
      expect(ERRORS[code].message.length).toBeGreaterThan(10);
      expect(ERRORS[code].status).toBeGreaterThanOrEqual(400);
    }
    for (const s of [UserCreate, UserUpdate, Problem, MandateCreate])
      expect(z.toJSONSchema(s, { io: "input", unrepresentable: "any" })).toBeTypeOf("object");
    expect(z.toJSONSchema(UsersQuery, { io: "input", unrepresentable: "any" })).toBeTypeOf("object");
  });
});
