// The mails people receive, in French, as plain text and as escaped HTML. The account-creation mail
// follows the customer guide word for word ("Gestion des comptes", after « Création de l'utilisateur »).
import type { Config } from "../config.js";
import { TOKEN_TTL_MS } from "../lib/tokens.js";
import { html, type SafeHtml } from "@convergences/html";
import type { Mail } from "./outbox.js";

export type MailConfig = Pick<Config, "MAIL_FROM" | "PORTAL_URL" | "ORGANISATION_NAME">;

export interface MailRecipient {
  email: string;
  identifiant: string;
  firstName: string;
  lastName: string;
}

/** A one-time link; a bare URL is described with the default validity of its kind. */
export type MailLink = string | { url: string; expiresAt: Date };

export const ACCOUNT_CREATED_SUBJECT = "[Portail des applications du CIG] Création de votre profil utilisateur";
export const FIRST_VISIT_SUBJECT = "[Portail des applications du CIG] Initialisation de votre mot de passe";
export const PASSWORD_RESET_SUBJECT = "[Portail des applications du CIG] Réinitialisation de votre mot de passe";

export const AUTOMATIC_NOTICE = "Ce message a été généré automatiquement. Merci de ne pas y répondre.";
export const CONFIDENTIALITY_TITLE = "Avis de confidentialité";
export const CONFIDENTIALITY_NOTICE =
  "Le contenu de ce message ainsi que du ou des fichiers qui y sont joints est strictement confidentiel et destiné " +
  "exclusivement à son ou sa destinataire. Si vous n'êtes pas cette personne, nous attirons votre attention sur le " +
  "fait qu'il est strictement interdit de copier, de faire suivre ou d'utiliser les informations contenues dans ce " +
  "courriel. Si vous l'avez reçu par erreur, nous vous remercions de nous le faire savoir.";

export function greeting(user: MailRecipient): string {
  return `Bonjour ${[user.firstName, user.lastName].filter(Boolean).join(" ")},`.replace(/\s+,$/, ",");
}

/** Plain text and HTML from the same paragraphs; `SafeHtml` paragraphs carry their own markup. */
export function build(config: MailConfig, to: string, subject: string, paragraphs: { text: string; html: SafeHtml }[]): Mail {
  const text =
    [...paragraphs.map((p) => p.text), AUTOMATIC_NOTICE, `${CONFIDENTIALITY_TITLE}\n\n${CONFIDENTIALITY_NOTICE}`].join("\n\n") + "\n";
  const body = html`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;line-height:1.5;max-width:40rem">
${paragraphs.map((p) => html`<p>${p.html}</p>\n`)}<p>${AUTOMATIC_NOTICE}</p>
<hr>
<p style="font-size:.85em;color:#4a4a4a"><strong>${CONFIDENTIALITY_TITLE}</strong></p>
<p style="font-size:.85em;color:#4a4a4a">${CONFIDENTIALITY_NOTICE}</p>
</body></html>
`;
  return { from: config.MAIL_FROM, to, subject, text, html: body.value };
}

export const para = (text: string) => ({ text, html: html`${text}` });

/** The guide's mail to a person whose account a référent has just created. */
export function accountCreatedMail(config: MailConfig, user: MailRecipient): Mail {
  const portal = config.PORTAL_URL;
  return build(config, user.email, ACCOUNT_CREATED_SUBJECT, [
    para(greeting(user)),
    {
      text:
        `Un compte permettant d'accéder à CONVERGENCES, portail des applications du ${config.ORGANISATION_NAME} ` +
        `(BIP, NetCotisation, Net CAP, ...) vient d'être créé avec cette adresse mél ${user.email} et avec cet identifiant ${user.identifiant}.`,
      html: html`Un compte permettant d'accéder à CONVERGENCES, portail des applications du ${config.ORGANISATION_NAME}
(BIP, NetCotisation, Net CAP, ...) vient d'être créé avec cette adresse mél <strong>${user.email}</strong> et avec cet identifiant <strong>${user.identifiant}</strong>.`,
    },
    {
      text:
        `Pour finaliser la création de votre compte, merci de vous rendre à l'adresse <${portal}> et de cliquer sur ` +
        `« Première Visite » afin d'initialiser votre mot de passe à l'aide de l'identifiant ci-joint.`,
      html: html`Pour finaliser la création de votre compte, merci de vous rendre à l'adresse <a href="${portal}">${portal}</a> et de cliquer sur
« Première Visite » afin d'initialiser votre mot de passe à l'aide de l'identifiant ci-joint.`,
    },
  ]);
}

const PARIS = { timeZone: "Europe/Paris" } as const;

export function describeValidity(link: MailLink, defaultTtlMs: number): string {
  if (typeof link === "string") {
    const hours = Math.round(defaultTtlMs / 3600_000);
    return `Ce lien est valable ${hours} heure${hours > 1 ? "s" : ""} et ne peut servir qu'une seule fois.`;
  }
  const day = link.expiresAt.toLocaleDateString("fr-FR", PARIS);
  const time = link.expiresAt.toLocaleTimeString("fr-FR", { ...PARIS, hour: "2-digit", minute: "2-digit" });
  return `Ce lien est valable jusqu'au ${day} à ${time} (heure de Paris) et ne peut servir qu'une seule fois.`;
}

function linkMail(config: MailConfig, user: MailRecipient, link: MailLink, subject: string, intro: string, ttl: number): Mail {
  const url = typeof link === "string" ? link : link.url;
  return build(config, user.email, subject, [
    para(greeting(user)),
    para(intro),
    {
      text: `Pour choisir votre mot de passe, ouvrez ce lien :\n${url}`,
      html: html`Pour choisir votre mot de passe, ouvrez ce lien :<br><a href="${url}">Définir mon mot de passe</a><br><span style="font-size:.85em;word-break:break-all">${url}</span>`,
    },
    para(describeValidity(link, ttl)),
    para(
      `Votre identifiant : ${user.identifiant}. Une fois le mot de passe choisi, connectez-vous au portail ${config.PORTAL_URL} avec votre adresse e-mail et ce mot de passe.`,
    ),
    para("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe actuel reste inchangé."),
  ]);
}

/** The link of « Première visite ? »: the person sets the first password of his account. */
export function firstVisitMail(config: MailConfig, user: MailRecipient, link: MailLink): Mail {
  return linkMail(
    config,
    user,
    link,
    FIRST_VISIT_SUBJECT,
    "Vous avez demandé à initialiser le mot de passe de votre compte CONVERGENCES, portail des applications du " +
      config.ORGANISATION_NAME +
      ".",
    TOKEN_TTL_MS.FIRST_VISIT,
  );
}

/** The link of « Mot de passe oublié ? » (or of a référent's « réinitialiser le mot de passe »). */
export function passwordResetMail(config: MailConfig, user: MailRecipient, link: MailLink): Mail {
  return linkMail(
    config,
    user,
    link,
    PASSWORD_RESET_SUBJECT,
    "Une réinitialisation du mot de passe de votre compte CONVERGENCES, portail des applications du " +
      config.ORGANISATION_NAME +
      ", a été demandée.",
    TOKEN_TTL_MS.PASSWORD_RESET,
  );
}
