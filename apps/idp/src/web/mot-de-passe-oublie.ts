// « Mot de passe oublié » (/mot-de-passe-oublie): an address → a link to choose a new password. The
// mechanism, shared with « Première visite », is demande-de-lien.ts.
import type { AppContext } from "../server.js";
import type { Csrf } from "./csrf.js";
import { type LinkRequest, linkRequestPage } from "./demande-de-lien.js";

export const PASSWORD_RESET: LinkRequest = {
  path: "/mot-de-passe-oublie",
  purpose: "PASSWORD_RESET",
  title: "Mot de passe oublié",
  intro: "Saisissez l'adresse e-mail de votre compte. Vous recevrez un message contenant un lien pour choisir un nouveau mot de passe.",
  button: "Recevoir le lien",
  sentTitle: "Mot de passe oublié : consultez votre messagerie",
};

export const passwordResetPage = (app: AppContext, csrf: Csrf) => linkRequestPage(app, csrf, PASSWORD_RESET);
