// « Première visite » (/premiere-visite): the agent whose account the référent has just created (the
// creation mail says « cliquez sur Première visite ») gives his address and receives a link to choose
// his first password. The mechanism, shared with « Mot de passe oublié », is demande-de-lien.ts.
import type { AppContext } from "../server.js";
import type { Csrf } from "./csrf.js";
import { type LinkRequest, linkRequestPage } from "./demande-de-lien.js";

export const FIRST_VISIT: LinkRequest = {
  path: "/premiere-visite",
  purpose: "FIRST_VISIT",
  title: "Première visite",
  intro:
    "Pour initialiser votre mot de passe, saisissez l'adresse e-mail de votre compte. Vous recevrez un message contenant un lien pour choisir votre mot de passe.",
  button: "Recevoir le lien",
  sentTitle: "Première visite : consultez votre messagerie",
};

export const firstVisitPage = (app: AppContext, csrf: Csrf) => linkRequestPage(app, csrf, FIRST_VISIT);
