// « Réinitialiser les moyens de connexion »: the référent of the agent's home structure (or the CIG)
// removes his second factors — audited, mailed through the outbox; a référent's own factors only the
// CIG may reset; out of scope, the person stays hidden.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { structureId, userId } from "../../src/db/seed.js";
import { newRecoveryCodes } from "../../src/mfa/factors.js";
import { FACTORS_RESET_SUBJECT } from "../../src/mfa/mail.js";
import { api, signer } from "./support.js";

const WONDER = "wonder.woman@yopmail.com"; // référente of L'Haÿ-les-Roses
const PAUL = "paul.durand@montreuil.fr"; // référent of Montreuil
const CIG_ADMIN = "correspondantcig@cig929394.fr";
const JULIEN = "julien.petit@lhaylesroses.fr"; // agent, home L'Haÿ
const AMINA = "amina.diallo@lhaylesroses.fr"; // agent of L'Haÿ, named référente below

describe("Réinitialisation des moyens de connexion (API)", () => {
  let server: TestServer;
  let tokens: Awaited<ReturnType<typeof signer>>;

  beforeAll(async () => {
    server = await startTestServer();
    tokens = await signer(server);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  async function enrol(email: string) {
    const { prisma } = server.db;
    await prisma.authFactor.create({
      data: {
        userId: userId(email),
        kind: "TOTP",
        name: "Application d'authentification",
        totpSecretEncrypted: server.box.seal("JBSWY3DPEHPK3PXP"),
        confirmedAt: new Date(),
      },
    });
    await newRecoveryCodes(prisma, userId(email));
  }
  const factors = (email: string) => server.db.prisma.authFactor.count({ where: { userId: userId(email) } });

  it("la référente de la structure d'appartenance réinitialise les moyens de connexion d'un agent : retirés, tracés, et un mail l'en informe", async () => {
    await enrol(JULIEN);
    const res = await api(server, await tokens.forUser(WONDER))("POST", `/users/${userId(JULIEN)}/mfa-reset`);
    expect(res.status).toBe(200);
    expect(res.data.message).toContain("ont été réinitialisés");
    expect(await factors(JULIEN)).toBe(0);
    expect(await server.db.prisma.recoveryCode.count({ where: { userId: userId(JULIEN) } })).toBe(0);
    const audit = await server.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.mfa-reset", targetId: userId(JULIEN) } });
    expect(audit).toMatchObject({ actorId: userId(WONDER), outcome: "allowed", before: { factors: 1, recoveryCodes: 10 } });
    const mail = await server.db.prisma.mailOutbox.findFirstOrThrow({ where: { to: JULIEN, subject: FACTORS_RESET_SUBJECT } });
    expect(mail.text).toContain("un nouveau moyen de connexion");
  });

  it("hors de son périmètre, la personne reste introuvable (404) et la tentative est tracée", async () => {
    await enrol(WONDER);
    const res = await api(server, await tokens.forUser(PAUL))("POST", `/users/${userId(WONDER)}/mfa-reset`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.data.code).toBe("USER_NOT_FOUND");
    expect(await factors(WONDER)).toBe(1);
    expect(
      await server.db.prisma.auditEvent.count({ where: { action: "user.mfa-reset", targetId: userId(WONDER), outcome: "denied" } }),
    ).toBe(1);
  });

  it("les moyens de connexion d'un référent ne sont réinitialisés que par le CIG", async () => {
    const { prisma } = server.db;
    await prisma.mandate.create({
      data: { userId: userId(AMINA), kind: "REFERENT", structureId: structureId("94-lhay-les-roses-dg-rh-paie") },
    });
    await enrol(AMINA);
    const refused = await api(server, await tokens.forUser(WONDER))("POST", `/users/${userId(AMINA)}/mfa-reset`);
    expect(refused.status).toBe(403);
    expect(refused.data.detail).toBe("Vous n'avez pas les droits nécessaires pour effectuer cette action.");
    expect(await factors(AMINA)).toBe(1);
    const ok = await api(server, await tokens.forUser(CIG_ADMIN))("POST", `/users/${userId(AMINA)}/mfa-reset`);
    expect(ok.status).toBe(200);
    expect(await factors(AMINA)).toBe(0);
  });

  it("un jeton de référente obtenu sans second facteur est refusé par l'API, en français", async () => {
    const res = await api(server, await tokens.forUser(WONDER, { amr: ["pwd"] }))("GET", "/me");
    expect(res.status).toBe(403);
    expect(res.data).toMatchObject({ code: "MFA_REQUIRED", status: 403 });
    expect(res.data.detail).toContain("second facteur");
    // An agent's token without a second factor is accepted.
    expect((await api(server, await tokens.forUser(JULIEN, { amr: ["pwd"] }))("GET", "/me")).status).toBe(200);
  });
});
