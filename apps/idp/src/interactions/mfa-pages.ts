// The pages of the second step of sign-in and of enrolment, in French, usable with the keyboard and
// without JavaScript (except the passkey buttons, which need the browser's WebAuthn API and load
// /assets/cle-d-acces.js: no inline script).
import { html, page, SafeHtml } from "../views/html.js";

const alert = (error?: string) => (error ? html`<p class="error" role="alert" id="erreur">${error}</p>` : "");
const describedBy = (error?: string) => (error ? new SafeHtml(' aria-describedby="erreur"') : "");

export const PASSKEY_SCRIPT = html`<script src="/assets/cle-d-acces.js" defer></script>`;

/** The anti-forgery field of the portal's forms (security page); the interaction forms need none. */
const csrfField = (csrf?: string) => (csrf ? html`<input type="hidden" name="_csrf" value="${csrf}">` : "");
const csrfData = (csrf?: string) => (csrf ? html` data-csrf="${csrf}"` : "");

export interface SecondFactorPageOptions {
  uid: string;
  /** Where the forms post (default: the interaction's verification step). */
  base?: string;
  csrf?: string;
  title?: string;
  intro?: string;
  totp: boolean;
  passkeys: boolean;
  error?: string;
  /** Which form the error belongs to (its field gets the focus). */
  errorOn?: "totp" | "recovery" | "passkey";
  organisation?: string;
}

export function secondFactorPage(o: SecondFactorPageOptions): string {
  const base = o.base ?? `/interaction/${o.uid}/verification`;
  const focusTotp = o.totp && o.errorOn !== "recovery";
  const title = o.title ?? "Vérification en deux étapes";
  return page({
    title,
    organisation: o.organisation,
    body: html`<div class="card">
<h1>${title}</h1>
${o.intro ? html`<p>${o.intro}</p>` : ""}
${alert(o.error)}
${
  o.totp
    ? html`<form method="post" action="${base}/code" novalidate>${csrfField(o.csrf)}
  <label for="code">Code à 6 chiffres de votre application d'authentification</label>
  <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required${o.errorOn === "totp" ? describedBy(o.error) : ""}${focusTotp ? new SafeHtml(" autofocus") : ""}>
  <button type="submit">Valider</button>
</form>`
    : ""
}
${
  o.passkeys
    ? html`<div class="passkey" data-passkey="second-factor" data-options="${base}/cle/options" data-verify="${base}/cle"${csrfData(o.csrf)}>
  <p>${o.totp ? "Ou utilisez une clé d'accès enregistrée sur cet appareil ou une clé de sécurité." : "Utilisez une clé d'accès enregistrée sur cet appareil ou une clé de sécurité."}</p>
  <button type="button" class="secondary" data-passkey-start hidden>Utiliser une clé d'accès</button>
  <p class="hint" data-passkey-unsupported>Votre navigateur doit permettre JavaScript et les clés d'accès pour utiliser une clé.</p>
</div>
${PASSKEY_SCRIPT}`
    : ""
}
<h2>Vous n'avez pas votre téléphone ou votre clé ?</h2>
<form method="post" action="${base}/secours" novalidate>${csrfField(o.csrf)}
  <label for="recovery">Code de secours</label>
  <input id="recovery" name="code" type="text" autocomplete="off" spellcheck="false" required${o.errorOn === "recovery" ? describedBy(o.error) : ""}${!focusTotp ? new SafeHtml(" autofocus") : ""}>
  <button type="submit" class="secondary">Utiliser ce code de secours</button>
</form>
<p class="hint">Sans code de secours, demandez à votre référent administrateur de réinitialiser vos moyens de connexion.</p>
</div>`,
  });
}

export interface EnrolmentPageOptions {
  uid: string;
  base?: string;
  csrf?: string;
  required: boolean;
  qr: string;
  secret: string;
  error?: string;
  /** Offer a passkey too (the browser script is served). */
  passkey?: boolean;
  organisation?: string;
}

export function enrolmentPage(o: EnrolmentPageOptions): string {
  const base = o.base ?? `/interaction/${o.uid}/activation`;
  return page({
    title: "Activer la double authentification",
    organisation: o.organisation,
    body: html`<div class="card">
<h1>Activer la double authentification</h1>
${
  o.required
    ? html`<p class="info">Vous êtes référent administrateur ou administrateur du CIG : votre compte permet de gérer les accès d'autres agents. Avant de continuer, ajoutez un second moyen de connexion en plus de votre mot de passe.</p>`
    : html`<p>Ajoutez un second moyen de connexion en plus de votre mot de passe.</p>`
}
${alert(o.error)}
<h2>Application d'authentification</h2>
<ol>
  <li>Installez sur votre téléphone une application d'authentification (par exemple FreeOTP, Aegis, Google Authenticator ou Microsoft Authenticator).</li>
  <li>Scannez ce QR code avec l'application :
    <div class="qr">${new SafeHtml(o.qr)}</div>
    Vous ne pouvez pas scanner ? Saisissez cette clé dans l'application :
    <p><code id="cle-secrete" data-secret="${o.secret.replace(/\s/g, "")}">${o.secret}</code></p>
  </li>
  <li>Saisissez le code à 6 chiffres affiché par l'application.</li>
</ol>
<form method="post" action="${base}/totp" novalidate>${csrfField(o.csrf)}
  <label for="code">Code à 6 chiffres</label>
  <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required${describedBy(o.error)}${o.error ? new SafeHtml(" autofocus") : ""}>
  <button type="submit">Activer</button>
</form>
${
  o.passkey
    ? html`<h2>Ou une clé d'accès</h2>
<div class="passkey" data-passkey="register" data-options="${base}/cle/options" data-verify="${base}/cle"${csrfData(o.csrf)}>
  <label for="passkey-name">Nom de la clé (pour la reconnaître plus tard)</label>
  <input id="passkey-name" name="name" type="text" maxlength="60" value="Clé d'accès" data-passkey-name>
  <button type="button" class="secondary" data-passkey-start hidden>Enregistrer une clé d'accès</button>
  <p class="hint" data-passkey-unsupported>Votre navigateur doit permettre JavaScript et les clés d'accès pour enregistrer une clé.</p>
</div>
${PASSKEY_SCRIPT}`
    : ""
}
</div>`,
  });
}

export function recoveryCodesPage(o: {
  codes: string[];
  action: string;
  organisation?: string;
  intro?: string;
  csrf?: string;
  method?: "get" | "post";
}): string {
  return page({
    title: "Vos codes de secours",
    organisation: o.organisation,
    body: html`<div class="card">
<h1>Vos codes de secours</h1>
<p class="success">${o.intro ?? "La double authentification est activée."}</p>
<p>Si vous perdez votre téléphone ou votre clé, chacun de ces dix codes permet <strong>une seule</strong> connexion. Notez-les ou imprimez-les et gardez-les en lieu sûr : ils ne seront plus affichés.</p>
<ol id="codes-de-secours">
${o.codes.map((c) => html`<li><code>${c}</code></li>`)}
</ol>
<form method="${o.method ?? "post"}" action="${o.action}">${csrfField(o.csrf)}
  <button type="submit">J'ai noté mes codes, continuer</button>
</form>
</div>`,
  });
}

export function recoveryUsedPage(o: { left: number; action: string; organisation?: string }): string {
  const left =
    o.left === 0
      ? "Il ne vous reste aucun code de secours."
      : o.left === 1
        ? "Il vous reste 1 code de secours."
        : `Il vous reste ${o.left} codes de secours.`;
  return page({
    title: "Code de secours accepté",
    organisation: o.organisation,
    body: html`<div class="card">
<h1>Code de secours accepté</h1>
<p class="${o.left <= 3 ? "error" : "info"}" role="status">${left}</p>
<p>Générez de nouveaux codes, ou remplacez votre téléphone perdu, depuis « Sécurité du compte » sur le portail.</p>
<form method="post" action="${o.action}">
  <button type="submit">Continuer</button>
</form>
</div>`,
  });
}
