// « Activer la double authentification »: a QR code for an authenticator application, or a passkey.
// Required before anything else for a référent or a CIG administrator who has no second factor (sign-in,
// ../interactions/second-factor.ts); offered to everyone from « Sécurité du compte » (securite.ts).
import { html, raw } from "@convergences/html";
import { csrfData, csrfField } from "./csrf.js";
import { alert, describedBy, page, PASSKEY_SCRIPT } from "./layout.js";

interface EnrolmentPageOptions {
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
    <div class="qr">${raw(o.qr)}</div>
    Vous ne pouvez pas scanner ? Saisissez cette clé dans l'application :
    <p><code id="cle-secrete" data-secret="${o.secret.replace(/\s/g, "")}">${o.secret}</code></p>
  </li>
  <li>Saisissez le code à 6 chiffres affiché par l'application.</li>
</ol>
<form method="post" action="${base}/totp" novalidate>${csrfField(o.csrf)}
  <label for="code">Code à 6 chiffres</label>
  <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required${describedBy(o.error)}${o.error ? raw(" autofocus") : ""}>
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
