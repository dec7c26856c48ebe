// The parts of the forms of the password pages (premiere-visite.ts, mot-de-passe-oublie.ts,
// definir-le-mot-de-passe.ts): forms that work without JavaScript, labelled fields with their
// autocomplete purpose, and an error summary that takes the focus and links to each field in error.
import { html, type SafeHtml } from "@convergences/html";

export interface FieldError {
  field: string;
  message: string;
}

export interface PageContext {
  organisation: string;
  csrf: string;
}

export function errorSummary(errors: FieldError[]): SafeHtml | string {
  if (!errors.length) return "";
  return html`<div class="error" role="alert" id="erreurs" tabindex="-1" autofocus aria-labelledby="erreurs-titre">
<h2 id="erreurs-titre" class="error-title">${errors.length > 1 ? "Le formulaire contient des erreurs" : "Le formulaire contient une erreur"}</h2>
<ul>${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}</ul>
</div>`;
}

export function fieldAttributes(name: string, errors: FieldError[]): SafeHtml {
  const own = errors.filter((e) => e.field === name);
  return own.length ? html` aria-invalid="true" aria-describedby="${name}-erreur"` : html``;
}

export function fieldErrors(name: string, errors: FieldError[]): SafeHtml | string {
  const own = errors.filter((e) => e.field === name);
  if (!own.length) return "";
  return html`<p class="hint field-error" id="${name}-erreur">${own.map((e) => html`<span>Erreur : ${e.message}</span> `)}</p>`;
}

export function formExpiredError(field: string): FieldError {
  return {
    field,
    message: "Le formulaire a expiré ou n'a pas pu être vérifié. Vérifiez que les cookies sont autorisés, puis validez-le à nouveau.",
  };
}
