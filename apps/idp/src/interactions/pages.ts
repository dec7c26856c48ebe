// The server-rendered pages of the sign-in flow, in French, working without JavaScript.
import { html, page, SafeHtml } from "../views/html.js";
import { PASSKEY_SCRIPT } from "./mfa-pages.js";

export interface LoginPageOptions {
  action: string;
  email?: string;
  error?: string;
  applicationName?: string;
  organisation?: string;
}

export function loginPage(o: LoginPageOptions): string {
  return page({
    title: "Connexion",
    organisation: o.organisation,
    body: html`<div class="card">
<h1>Connexion</h1>
${o.applicationName ? html`<p>Pour accéder à <strong>${o.applicationName}</strong>, identifiez-vous.</p>` : html`<p>Identifiez-vous pour accéder à vos applications.</p>`}
${o.error ? html`<p class="error" role="alert" id="erreur">${o.error}</p>` : ""}
<form method="post" action="${o.action}" novalidate>
  <label for="email">Adresse e-mail</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="${o.email ?? ""}"${o.error ? new SafeHtml(' aria-describedby="erreur"') : ""}${o.email ? "" : new SafeHtml(" autofocus")}>
  <label for="password">Mot de passe</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${o.email ? new SafeHtml(" autofocus") : ""}>
  <button type="submit">Se connecter</button>
</form>
<div class="passkey" data-passkey="passwordless" data-options="${o.action.replace(/\/login$/, "/cle/options")}" data-verify="${o.action.replace(/\/login$/, "/cle")}">
  <button type="button" class="secondary" data-passkey-start hidden>Se connecter avec une clé d'accès</button>
</div>
${PASSKEY_SCRIPT}
<div class="links">
  <a href="/premiere-visite">Première visite ?</a>
  <a href="/mot-de-passe-oublie">Mot de passe oublié ?</a>
</div>
</div>`,
  });
}

export interface Referent {
  name: string;
  email: string;
}

export function notAuthorisedPage(o: {
  applicationName: string;
  referents: Referent[];
  user: { name: string };
  portalUrl: string;
  organisation?: string;
}): string {
  return page({
    title: "Accès refusé",
    user: o.user,
    organisation: o.organisation,
    body: html`<div class="card">
<h1>Accès refusé</h1>
<p class="error" role="alert">Vous n'êtes pas habilité à accéder à cette application (${o.applicationName}).</p>
${
  o.referents.length
    ? html`<p>Pour obtenir un accès, adressez-vous à votre référent administrateur :</p>
<ul>${o.referents.map((r) => html`<li>${r.name} – <a href="mailto:${r.email}">${r.email}</a></li>`)}</ul>`
    : html`<p>Pour obtenir un accès, adressez-vous au référent administrateur de votre collectivité ou de votre établissement.</p>`
}
<a class="button" href="${o.portalUrl}">Retour au portail</a>
</div>`,
  });
}

export function messagePage(o: {
  title: string;
  message: string;
  kind?: "error" | "info" | "success";
  link?: { href: string; label: string };
  organisation?: string;
}): string {
  return page({
    title: o.title,
    organisation: o.organisation,
    body: html`<div class="card">
<h1>${o.title}</h1>
<p class="${o.kind ?? "info"}"${o.kind === "error" ? new SafeHtml(' role="alert"') : ""}>${o.message}</p>
${o.link ? html`<a class="button" href="${o.link.href}">${o.link.label}</a>` : ""}
</div>`,
  });
}

/** RP-initiated logout: oidc-provider gives its form (with its anti-forgery field); we add the buttons. */
export function logoutConfirmPage(o: { form: string; applicationName?: string; organisation?: string }): string {
  const form = o.form.replace(/<\/form>$/, "");
  return page({
    title: "Déconnexion",
    organisation: o.organisation,
    body: html`<div class="card">
<h1>Déconnexion</h1>
<p>Souhaitez-vous vraiment vous déconnecter${o.applicationName ? html` de ${o.applicationName} et` : ""} de toutes les applications de Convergences ?</p>
${new SafeHtml(form)}
  <input type="hidden" name="logout" value="yes">
  <button type="submit">Me déconnecter</button>
</form>
<p><a href="/">Annuler et revenir au portail</a></p>
</div>`,
  });
}

export function loggedOutPage(o: { portalUrl: string; organisation?: string }): string {
  return messagePage({
    title: "Vous êtes déconnecté",
    kind: "success",
    message: "Vous êtes déconnecté de Convergences et de ses applications.",
    link: { href: o.portalUrl, label: "Retour au portail" },
    organisation: o.organisation,
  });
}
