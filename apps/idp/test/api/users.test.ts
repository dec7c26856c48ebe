// « Gestion des comptes » through the API: what a référent does, and what he is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import Papa from "papaparse";
import { startTestServer, type TestServer } from "../support/server.js";
import { structureId, userId } from "../../src/db/seed.js";
import { api, endpoints } from "./support.js";
import { providerTokens } from "./provider-tokens.js";

const SERVICE = structureId("94-lhay-les-roses-dg-rh-paie");
const PAYLOADS = ['\'; DROP TABLE "User"; --', "<script>alert(1)</script>", '=HYPERLINK("http://x","y")', "+33 cmd", "-2+3", "@SUM(A1)"];
let server: TestServer;
let wonder: ReturnType<typeof api>;
// The typed client (entries of the endpoint table, answers checked against their schemas); the raw
// `wonder` above for what no well-behaved client sends.
let call: ReturnType<typeof endpoints>;
let adminCall: ReturnType<typeof endpoints>;
let wonderToken: string;

beforeAll(async () => {
  server = await startTestServer();
  const s = await providerTokens(server);
  wonderToken = await s.forUser("wonder.woman@yopmail.com");
  wonder = api(server, wonderToken);
  call = endpoints(server, wonderToken);
  adminCall = endpoints(server, await s.forUser("correspondantcig@cig929394.fr"));
});
afterAll(async () => {
  await server?.stop();
});

describe("Je référence un utilisateur appartenant à la structure dont je suis référent", () => {
  it("Vérifier l'adresse mail : aucun compte, ou la structure (son chemin) où il existe déjà", async () => {
    const none = await call("verifierLAdresseMail", { body: { email: "personne@lhaylesroses.fr" } });
    expect(none.data).toEqual({ status: "available", message: "Aucun compte utilisateur n'existe avec cette adresse email" });
    const exists = await call("verifierLAdresseMail", { body: { email: "Marc.Lefebvre@montreuil.fr" } });
    expect(exists.data!.status).toBe("exists");
    expect(exists.data!.message).toContain("existe déjà dans la structure Service comptabilité : cig-pc / collectivites / Montreuil");
    // Only what the guide shows: the structure's name and path, never the account's id or names.
    expect(exists.data).toEqual({
      status: "exists",
      message: exists.data!.message,
      structure: { name: "Service comptabilité", path: expect.stringContaining("Montreuil") },
    });
    expect(JSON.stringify(exists.data)).not.toMatch(/LEFEBVRE|"Marc"|[0-9a-f]{8}-[0-9a-f]{4}-/);
    // … and attach him to my structure, by his email, instead of creating a duplicate.
    const attached = await call("rattacherUnCompteExistant", { body: { email: "marc.lefebvre@montreuil.fr", structureId: SERVICE } });
    expect(attached.status).toBe(201);
    // The card shows my part only: my structure, none of Montreuil's roles, and that there is more.
    expect(attached.data).toMatchObject({ structure: { id: SERVICE }, otherStructures: [], roles: [], alsoElsewhere: true, isHome: false });
    expect(attached.data!.permissions).toMatchObject({ editIdentity: false, lock: false, resetPassword: false, remove: "detach" });
    expect((await call("consulterLaFiche", { params: { id: attached.data!.id } })).status).toBe(200);
    expect((await call("verifierLAdresseMail", { body: { email: "marc.lefebvre@montreuil.fr" } })).data!.status).toBe("exists-in-my-scope");
  });

  it("je référence un utilisateur : le compte est créé et le mail du guide mis en file d'envoi dans la même transaction", async () => {
    const res = await call("referencerUnUtilisateur", {
      body: { email: "Nina.Roux@lhaylesroses.fr", lastName: "ROUX", firstName: "Nina", structureId: SERVICE },
    });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({ email: "Nina.Roux@lhaylesroses.fr", identifiant: "Nina.Roux@lhaylesroses.fr", version: 1 });
    const mail = await server.db.prisma.mailOutbox.findFirstOrThrow({ where: { to: "Nina.Roux@lhaylesroses.fr" } });
    expect(mail.subject).toBe("[Portail des applications du CIG] Création de votre profil utilisateur");
    expect(mail.from).toContain("ne-pas-repondre@cig929394.fr");
    expect(mail.text).toContain("Première Visite");
    const dup = await call("referencerUnUtilisateur", {
      body: { email: "nina.roux@LHAYLESROSES.fr", lastName: "ROUX", firstName: "Nina", structureId: SERVICE },
    });
    expect(dup.status).toBe(409);
    expect(dup.problem!.code).toBe("EMAIL_TAKEN");
  });

  it("une adresse mal formée, un champ inconnu ou un nom manquant sont refusés, avec une erreur en français par champ", async () => {
    const bad = await wonder("POST", "/users", {
      email: "pas-une-adresse",
      lastName: "",
      firstName: "A",
      structureId: SERVICE,
      isAdmin: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const paths = bad.data.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["email", "lastName", ""]));
    expect(JSON.stringify(bad.data.errors)).toContain("Champ(s) inconnu(s) : isAdmin");
    const notJson = await fetch(`${server.url}/api/v1/users`, {
      method: "POST",
      headers: { authorization: await wonderAuth(), "content-type": "application/json" },
      body: "{oops",
    });
    expect(notJson.status).toBe(400);
  });
});

async function wonderAuth() {
  return `Bearer ${wonderToken}`;
}

describe("Je modifie les informations d'un utilisateur", () => {
  it("un référent et un administrateur CIG modifient la même fiche : le second en est averti, rien n'est écrasé en silence", async () => {
    const id = userId("amina.diallo@lhaylesroses.fr");
    const a = await call("consulterLaFiche", { params: { id } });
    const b = await adminCall("consulterLaFiche", { params: { id } });
    const edit = (fonction: string) => ({ params: { id }, body: { fonction } });
    const first = await call("modifierLesInformations", { ...edit("Cheffe de service"), headers: { "if-match": a.headers.get("etag")! } });
    expect(first.status).toBe(200);
    const second = await adminCall("modifierLesInformations", { ...edit("Autre"), headers: { "if-match": b.headers.get("etag")! } });
    expect(second.status).toBe(412);
    expect(second.problem!.detail).toMatch(/modifiées par une autre personne/);
    const viaBody = await adminCall("modifierLesInformations", { params: { id }, body: { fonction: "Autre", version: b.data!.version } });
    expect(viaBody.status).toBe(409);
    expect((await call("modifierLesInformations", edit("Sans version"))).status).toBe(428);
  });

  it("un changement d'adresse mail est refusé, avec la procédure du guide", async () => {
    const id = userId("amina.diallo@lhaylesroses.fr");
    const card = await call("consulterLaFiche", { params: { id } });
    const r = await wonder("PATCH", `/users/${id}`, { email: "nouvelle@lhaylesroses.fr", version: card.data!.version });
    expect(r.status).toBe(409);
    expect(r.data.code).toBe("EMAIL_IMMUTABLE");
    expect(r.data.detail).toContain("Créez une nouvelle fiche");
  });

  it("du SQL, du HTML ou une formule saisis dans un champ restent du texte, et sont neutralisés dans l'extraction CSV", async () => {
    const id = userId("julien.petit@lhaylesroses.fr");
    for (const p of PAYLOADS) {
      const card = await call("consulterLaFiche", { params: { id } });
      const r = await call("modifierLesInformations", {
        params: { id },
        body: {
          version: card.data!.version,
          lastName: p,
          firstName: p,
          identifiant: p,
          service: p,
          fonction: p,
          postalAddress: p,
          appIdentifier: p,
          lockedReason: p,
        },
      });
      expect(r.status).toBe(200);
      expect(r.data).toMatchObject({ lastName: p, service: p, fonction: p, postalAddress: p, appIdentifier: p });
    }
    const csv = await fetch(`${server.url}/api/v1/exports/users.csv`, { headers: { authorization: await wonderAuth() } });
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="utilisateurs-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<string[]>(bytes.toString("utf8").slice(1), { delimiter: ";" }).data.filter((r) => r.length > 1);
    expect(rows[0]!.slice(0, 5)).toEqual(["Nom", "Prénom", "Adresse mail", "Identifiant", "Structure"]);
    const julien = rows.find((r) => r[2] === "julien.petit@lhaylesroses.fr")!;
    // The last payload ("@SUM(A1)") is what the card holds now: prefixed with an apostrophe.
    expect(julien[0]).toBe("'@SUM(A1)");
    for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
    // Only the référent's sub-tree is exported.
    expect(rows.some((r) => r[2] === "marc.lefebvre@montreuil.fr")).toBe(true); // attached above
    expect(rows.some((r) => r[2] === "lea.moreau@nanterre.fr")).toBe(false);
  });
});

describe("Liste des utilisateurs", () => {
  it("la recherche demande au moins 3 caractères, la taille de page est bornée, et l'on trouve par nom, adresse mail ou structure", async () => {
    expect((await call("listerLesUtilisateurs", { query: { q: "ab" } })).problem!.code).toBe("SEARCH_TOO_SHORT");
    expect((await wonder("GET", "/users?pageSize=100000")).status).toBe(400);
    expect((await wonder("GET", "/users?unknown=1")).status).toBe(400);
    const byName = await call("listerLesUtilisateurs", { query: { q: "diall" } });
    expect(byName.data!.items.map((u) => u.lastName)).toEqual(["DIALLO"]);
    const byStructure = await call("listerLesUtilisateurs", { query: { q: "paie et" } });
    expect(byStructure.data!.items.length).toBeGreaterThan(0);
    expect((await call("listerLesUtilisateurs", { query: { q: "%%%" } })).data!.items).toEqual([]);
  });
});

describe("Je change ma photo de profil", () => {
  it("Ajouter une photo : une vraie image est acceptée (ré-encodée), une fausse ou un fichier de plus de 2 Mo est refusé", async () => {
    const id = userId("wonder.woman@yopmail.com");
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#c33" } })
      .png()
      .toBuffer();
    const ok = await call("changerLaPhoto", { params: { id }, body: new Uint8Array(png), headers: { "content-type": "image/png" } });
    expect(ok.status).toBe(200);
    const got = await fetch(`${server.url}/api/v1/users/${id}/photo`, { headers: { authorization: await wonderAuth() } });
    expect(got.headers.get("content-type")).toBe("image/png");
    const meta = await sharp(Buffer.from(await got.arrayBuffer())).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(512);
    const fake = await wonder("PUT", `/users/${id}/photo`, new TextEncoder().encode("<svg onload=alert(1)>"), {
      "content-type": "image/jpeg",
    });
    expect(fake.status).toBe(415);
    const truncated = await wonder("PUT", `/users/${id}/photo`, new Uint8Array(png.subarray(0, 60)), { "content-type": "image/png" });
    expect(truncated.status).toBe(415);
    const huge = new Uint8Array(2 * 1024 * 1024 + 10);
    huge.set(png.subarray(0, 8));
    const big = await wonder("PUT", `/users/${id}/photo`, huge, { "content-type": "image/png" });
    expect(big.status).toBe(413);
    expect(big.data.detail).toBe("La photo ne doit pas dépasser 2 Mo.");
  });
});

describe("Je supprime le compte d'un agent utilisateur", () => {
  it("je supprime le compte d'un agent : ses données sont effacées, le journal d'audit ne garde que qui a supprimé qui", async () => {
    const created = await call("referencerUnUtilisateur", {
      body: {
        email: "a.supprimer@lhaylesroses.fr",
        lastName: "SUPPRIMER",
        firstName: "Agent",
        structureId: SERVICE,
        phone: "01 02 03 04 05",
      },
    });
    const id = created.data!.id;
    await server.db.prisma.user.update({ where: { id }, data: { passwordHash: "x", photo: new Uint8Array([1]), photoType: "image/png" } });
    const del = await call("supprimerLUtilisateur", { params: { id } });
    expect(del.status).toBe(200);
    expect(await server.db.prisma.user.findUnique({ where: { id } })).toBeNull();
    expect(await server.db.prisma.oneTimeToken.count({ where: { userId: id } })).toBe(0);
    const events = (await server.db.prisma.auditEvent.findMany({ where: { targetId: id } })).map(({ id: _i, ...e }) => e);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["user.create", "user.delete"]));
    expect(JSON.stringify(events)).not.toContain("01 02 03 04 05");
    expect(JSON.stringify(events)).not.toContain("a.supprimer@");
    const audit = await call("journalDAudit", { query: { targetId: id } });
    expect(audit.data!.items[0]).toMatchObject({ action: "user.delete", actor: { id: userId("wonder.woman@yopmail.com") } });
  });
});

describe("Documentation OpenAPI", () => {
  it("publie le document généré depuis le contrat et une page lisible", async () => {
    const doc = (await endpoints(server, null)("documentOpenApi", {})).data!;
    expect(doc.openapi).toBe("3.1.0");
    const patch = (doc.paths["/users/{id}"] as { patch: { requestBody: { content: Record<string, { schema: Record<string, unknown> }> } } })
      .patch;
    expect(patch.requestBody.content["application/json"]!.schema.additionalProperties).toBe(false);
    const page = await (await fetch(`${server.url}/api/v1/docs`)).text();
    expect(page).toContain("Affecter un ou plusieurs utilisateurs");
  });
});
