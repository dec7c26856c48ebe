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

describe("the shared contract", () => {
  it("accepts the guide's mandatory fields (nom, prénom, adresse mail, structure d'appartenance)", () => {
    expect(UserCreate.parse(valid)).toMatchObject({ lastName: "DUPONT" });
  });

  it("refuses unknown fields", () => {
    const r = UserCreate.safeParse({ ...valid, isAdmin: true });
    expect(r.success).toBe(false);
    expect(UserUpdate.safeParse({ passwordHash: "x" }).success).toBe(false);
  });

  it("refuses a malformed email with a French message", () => {
    const r = EmailCheckRequest.safeParse({ email: "pas-une-adresse" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe("Adresse e-mail invalide");
  });

  it("asks for at least 3 characters to search, and bounds the page size", () => {
    expect(UsersQuery.safeParse({ q: "ab" }).error!.issues[0]!.message).toMatch(/au moins 3 caractères/);
    expect(UsersQuery.safeParse({ pageSize: "100000" }).success).toBe(false);
    expect(UsersQuery.parse({ q: "dur", page: "2", locked: "true" })).toMatchObject({ q: "dur", page: 2, locked: true, pageSize: 25 });
  });

  it("requires a validity end after its start", () => {
    expect(UserCreate.safeParse({ ...valid, validFrom: "2026-05-01", validUntil: "2026-04-01" }).success).toBe(false);
  });

  it("keeps HTML and formula payloads as plain text", () => {
    const v = UserCreate.parse({ ...valid, fonction: '=HYPERLINK("x")', service: "<script>alert(1)</script>" });
    expect(v.fonction).toBe('=HYPERLINK("x")');
    expect(v.service).toBe("<script>alert(1)</script>");
  });

  it("names référents with at least one application", () => {
    expect(
      MandateCreate.safeParse({ kind: "REFERENT", userId: valid.structureId, structureId: valid.structureId, applicationIds: [] }).success,
    ).toBe(false);
    expect(AssignRequest.safeParse({ userIds: [] }).success).toBe(false);
  });

  it("has a French message and an HTTP status for every error code, and converts to JSON Schema", () => {
    for (const code of ERROR_CODES) {
      expect(ERRORS[code].message.length).toBeGreaterThan(10);
      expect(ERRORS[code].status).toBeGreaterThanOrEqual(400);
    }
    for (const s of [UserCreate, UserUpdate, Problem, MandateCreate])
      expect(z.toJSONSchema(s, { io: "input", unrepresentable: "any" })).toBeTypeOf("object");
    expect(z.toJSONSchema(UsersQuery, { io: "input", unrepresentable: "any" })).toBeTypeOf("object");
  });
});
