import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import {
  ACCOUNT_CREATED_SUBJECT,
  CONFIDENTIALITY_NOTICE,
  accountCreatedMail,
  firstVisitMail,
  passwordResetMail,
} from "../../src/mail/templates.js";

const config = loadConfig({ PORTAL_URL: "https://auth.cig929394.fr" });
const wonder = { email: "wonder.woman@yopmail.com", identifiant: "wonder.woman@yopmail.com", firstName: "Wonder", lastName: "WOMAN" };

describe("le mail de création du profil utilisateur (guide, « Création de l'utilisateur »)", () => {
  const mail = accountCreatedMail(config, wonder);

  it("part de ne-pas-repondre@cig929394.fr vers l'utilisateur nouvellement créé, avec l'objet du guide", () => {
    expect(mail.from).toBe("ne-pas-repondre@cig929394.fr");
    expect(mail.to).toBe("wonder.woman@yopmail.com");
    expect(mail.subject).toBe("[Portail des applications du CIG] Création de votre profil utilisateur");
    expect(mail.subject).toBe(ACCOUNT_CREATED_SUBJECT);
  });

  it("contient l'adresse mail enregistrée, l'identifiant, l'adresse du portail et le mode opératoire « Première Visite »", () => {
    expect(mail.text).toMatch(/^Bonjour Wonder WOMAN,\n/);
    expect(mail.text).toContain(
      "Un compte permettant d'accéder à CONVERGENCES, portail des applications du CIG Petite Couronne (BIP, NetCotisation, Net CAP, ...) " +
        "vient d'être créé avec cette adresse mél wonder.woman@yopmail.com et avec cet identifiant wonder.woman@yopmail.com.",
    );
    expect(mail.text).toContain(
      "Pour finaliser la création de votre compte, merci de vous rendre à l'adresse <https://auth.cig929394.fr> et de cliquer sur " +
        "« Première Visite » afin d'initialiser votre mot de passe à l'aide de l'identifiant ci-joint.",
    );
  });

  it("se termine par la mention d'envoi automatique et l'avis de confidentialité", () => {
    expect(mail.text).toContain("Ce message a été généré automatiquement. Merci de ne pas y répondre.");
    expect(mail.text).toContain(
      "Avis de confidentialité\n\nLe contenu de ce message ainsi que du ou des fichiers qui y sont joints est strictement confidentiel",
    );
    expect(mail.text).toContain("Si vous l'avez reçu par erreur, nous vous remercions de nous le faire savoir.");
    expect(mail.text.indexOf("Merci de ne pas y répondre")).toBeLessThan(mail.text.indexOf("Avis de confidentialité"));
  });

  it("a une version HTML avec les mêmes éléments et un lien vers le portail", () => {
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain("<strong>wonder.woman@yopmail.com</strong>");
    expect(mail.html).toContain('<a href="https://auth.cig929394.fr">https://auth.cig929394.fr</a>');
    expect(mail.html).toContain("« Première Visite »");
    expect(mail.html).toContain("Avis de confidentialité");
    expect(mail.html).toContain(CONFIDENTIALITY_NOTICE.replace(/'/g, "&#39;"));
  });

  it("prend l'expéditeur, l'organisme et le portail dans la configuration", () => {
    const other = loadConfig({
      MAIL_FROM: "noreply@cdg.example.fr",
      ORGANISATION_NAME: "CDG Exemple",
      PORTAL_URL: "https://sso.cdg.example.fr/",
    });
    const m = accountCreatedMail(other, wonder);
    expect(m.from).toBe("noreply@cdg.example.fr");
    expect(m.text).toContain("portail des applications du CDG Exemple (BIP");
    expect(m.text).toContain("<https://sso.cdg.example.fr>");
  });

  it("échappe dans la version HTML ce que le référent a saisi", () => {
    const m = accountCreatedMail(config, { ...wonder, firstName: "<script>alert(1)</script>", identifiant: 'x" onmouseover="y' });
    expect(m.html).not.toContain("<script>");
    expect(m.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(m.html).toContain("x&quot; onmouseover=&quot;y");
    expect(m.text).toContain("Bonjour <script>alert(1)</script> WOMAN,");
  });
});

describe("les mails de lien à usage unique", () => {
  const link = { url: "https://auth.cig929394.fr/mot-de-passe/definir?jeton=abc_DEF-123", expiresAt: new Date("2026-12-01T13:05:00Z") };

  it("Première visite : le lien, son échéance en heure de Paris, et l'usage unique", () => {
    const m = firstVisitMail(config, wonder, link);
    expect(m.from).toBe("ne-pas-repondre@cig929394.fr");
    expect(m.to).toBe("wonder.woman@yopmail.com");
    expect(m.subject).toBe("[Portail des applications du CIG] Initialisation de votre mot de passe");
    expect(m.text).toContain(link.url);
    expect(m.text).toContain("Ce lien est valable jusqu'au 01/12/2026 à 14:05 (heure de Paris) et ne peut servir qu'une seule fois.");
    expect(m.html).toContain(`<a href="${link.url}">Définir mon mot de passe</a>`);
    expect(m.text).toContain("Avis de confidentialité");
  });

  it("Mot de passe oublié : un lien seul est décrit avec sa durée de validité (1 heure)", () => {
    const m = passwordResetMail(config, wonder, link.url);
    expect(m.subject).toBe("[Portail des applications du CIG] Réinitialisation de votre mot de passe");
    expect(m.text).toContain("Ce lien est valable 1 heure et ne peut servir qu'une seule fois.");
    expect(m.text).toContain("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message");
  });
});
