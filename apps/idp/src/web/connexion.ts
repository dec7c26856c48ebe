// « Connexion »: the sign-in form of oidc-provider's login interaction (../interactions/routes.ts
// shows it and checks it), with « Se connecter avec une clé d'accès », « Première visite ? » and
// « Mot de passe oublié ? ». Works without JavaScript (except the passkey button).
import { html, raw } from "@convergences/html";
import { page, PASSKEY_SCRIPT } from "./layout.js";

interface LoginPageOptions {
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
  <input id="email" name="email" type="email" autocomplete="username" required value="${o.email ?? ""}"${o.error ? raw(' aria-describedby="erreur"') : ""}${o.email ? "" : raw(" autofocus")}>
  <label for="password">Mot de passe</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${o.email ? raw(" autofocus") : ""}>
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
