// The HTML of the password pages: forms that work without JavaScript, labelled fields with their
// autocomplete purpose, and an error summary that takes the focus and links to each field in error.
import { PASSWORD_POLICY_ADVICE, PASSWORD_POLICY_RULES, PASSWORD_POLICY_TITLE } from "../../auth/password-policy.js";
import { html, page, type SafeHtml } from "../../views/html.js";
import { CSRF_FIELD } from "./csrf.js";

export interface FieldError {
  field: string;
  message: string;
}

export interface PageContext {
  organisation: string;
  csrf: string;
}

function errorSummary(errors: FieldError[]): SafeHtml | string {
  if (!errors.length) return "";
  return html`<div class="error" role="alert" id="erreurs" tabindex="-1" autofocus aria-labelledby="erreurs-titre">
<h2 id="erreurs-titre" class="error-title">${errors.length > 1 ? "Le formulaire contient des erreurs" : "Le formulaire contient une erreur"}</h2>
<ul>${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>
</div>`;
}

function fieldAttributes(name: string, errors: FieldError[]): SafeHtml {
  const own = errors.filter((e) => e.field === name);
  return own.length ? html` aria-invalid="true" aria-describedby="${name}-erreur"` : html``;
}

function fieldErrors(name: string, errors: FieldError[]): SafeHtml | string {
  const own = errors.filter((e) => e.field === name);
  if (!own.length) return "";
  return html`<p class="hint field-error" id="${name}-erreur">${own.map((e) => html`<span>Erreur : ${e.message}</span> `)}</p>`;
}

export interface RequestLinkTexts {
  title: string;
  intro: string;
  button: string;
  action: string;
}

export function requestLinkPage(ctx: PageContext, texts: RequestLinkTexts, email: string, errors: FieldError[] = []): string {
  return page({
    title: errors.length ? `Erreur – ${texts.title}` : texts.title,
    organisation: ctx.organisation,
    body: html`<div class="card">
<h1>${texts.title}</h1>
${errorSummary(errors)}
<p>${texts.intro}</p>
<form method="post" action="${texts.action}" novalidate>
<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">
<label for="email">Adresse e-mail</label>
<p class="hint" id="email-aide">Votre adresse e-mail professionnelle, qui est aussi votre identifiant.</p>
<input type="email" id="email" name="email" value="${email}" autocomplete="username" inputmode="email" spellcheck="false" aria-required="true"${fieldAttributes("email", errors)}${errors.length ? "" : html` autofocus`}>
${fieldErrors("email", errors)}
<button type="submit">${texts.button}</button>
</form>
<div class="links"><a href="/">Retour à la connexion</a></div>
</div>`,
  });
}

export function linkSentPage(organisation: string, title: string, validity: string): string {
  return page({
    title,
    organisation,
    body: html`<div class="card">
<h1>${title}</h1>
<div class="success" role="status">
<p>Si un compte correspond à l'adresse saisie, un message contenant un lien pour définir votre mot de passe vient d'y être envoyé.</p>
</div>
<p>${validity} Pensez à vérifier vos courriers indésirables. Sans message d'ici quelques minutes, vérifiez l'adresse saisie ou adressez-vous au référent administrateur de votre structure.</p>
<div class="links"><a href="/">Retour à la connexion</a></div>
</div>`,
  });
}

export function policyBox(): SafeHtml {
  return html`<div class="info" id="politique">
<p class="m-quarter-bottom"><strong>${PASSWORD_POLICY_TITLE}</strong></p>
<ul class="m-quarter">${PASSWORD_POLICY_RULES.map((r) => html`<li>${r}</li>`)}</ul>
<p class="hint m-quarter-top">${PASSWORD_POLICY_ADVICE}</p>
</div>`;
}

export function setPasswordPage(ctx: PageContext, jeton: string, email: string, errors: FieldError[] = []): string {
  return page({
    title: errors.length ? "Erreur – Définir votre mot de passe" : "Définir votre mot de passe",
    organisation: ctx.organisation,
    body: html`<div class="card">
<h1>Définir votre mot de passe</h1>
${errorSummary(errors)}
${policyBox()}
<form method="post" action="/mot-de-passe/definir" novalidate>
<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">
<input type="hidden" name="jeton" value="${jeton}">
<label for="identifiant">Adresse e-mail</label>
<input type="text" id="identifiant" name="identifiant" value="${email}" autocomplete="username" readonly>
<label for="password">Nouveau mot de passe</label>
<input type="password" id="password" name="password" autocomplete="new-password" aria-required="true" aria-describedby="politique"${fieldAttributes("password", errors)}${errors.length ? "" : html` autofocus`}>
${fieldErrors("password", errors)}
<label for="confirmation">Confirmez le nouveau mot de passe</label>
<input type="password" id="confirmation" name="confirmation" autocomplete="new-password" aria-required="true"${fieldAttributes("confirmation", errors)}>
${fieldErrors("confirmation", errors)}
<button type="submit">Enregistrer le mot de passe</button>
</form>
</div>`,
  });
}

export type LinkProblem = "unknown" | "used" | "expired";

const PROBLEMS: Record<LinkProblem, { title: string; text: string }> = {
  unknown: {
    title: "Lien non valide",
    text: "Ce lien n'est pas valide. Vérifiez qu'il a été copié en entier depuis le message reçu, ou demandez un nouveau lien.",
  },
  used: {
    title: "Lien déjà utilisé",
    text: "Ce lien a déjà servi : un lien ne peut être utilisé qu'une seule fois. Si vous devez définir à nouveau votre mot de passe, demandez un nouveau lien.",
  },
  expired: { title: "Lien expiré", text: "Ce lien n'est plus valable : sa durée de validité est dépassée. Demandez un nouveau lien." },
};

export function linkProblemPage(organisation: string, problem: LinkProblem): string {
  const p = PROBLEMS[problem];
  return page({
    title: p.title,
    organisation,
    body: html`<div class="card">
<h1>${p.title}</h1>
<div class="error" role="alert"><p class="m0">${p.text}</p></div>
<p><a class="button" href="/mot-de-passe-oublie">Demander un nouveau lien</a></p>
<div class="links"><a href="/premiere-visite">Première visite ?</a><a href="/">Retour à la connexion</a></div>
</div>`,
  });
}

export function passwordSetPage(organisation: string): string {
  return page({
    title: "Mot de passe enregistré",
    organisation,
    body: html`<div class="card">
<h1>Mot de passe enregistré</h1>
<div class="success" role="status"><p class="m0">Votre mot de passe est enregistré. Vous pouvez maintenant vous connecter avec votre adresse e-mail et ce mot de passe.</p></div>
<p><a class="button" href="/">Se connecter</a></p>
</div>`,
  });
}

export function formExpiredError(field: string): FieldError {
  return {
    field,
    message: "Le formulaire a expiré ou n'a pas pu être vérifié. Vérifiez que les cookies sont autorisés, puis validez-le à nouveau.",
  };
}

export function unavailablePage(organisation: string): string {
  return page({
    title: "Service momentanément indisponible",
    organisation,
    body: html`<div class="card">
<h1>Service momentanément indisponible</h1>
<div class="error" role="alert"><p class="m0">Votre demande n'a pas pu être enregistrée. Veuillez réessayer dans quelques minutes.</p></div>
<div class="links"><a href="/">Retour à la connexion</a></div>
</div>`,
  });
}
