// « Vérification en deux étapes »: after the password, the second factor (a code of the authenticator
// application, a passkey, or a recovery code). The same page, titled « Confirmez votre identité », asks
// for a fresh second factor before a change on « Sécurité du compte » (securite.ts). Usable with the
// keyboard and without JavaScript, except the passkey button (/assets/cle-d-acces.js, no inline script).
import { html, raw } from "@convergences/html";
import { csrfData, csrfField } from "./csrf.js";
import { alert, describedBy, page, PASSKEY_SCRIPT } from "./layout.js";

interface SecondFactorPageOptions {
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
  <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required${o.errorOn === "totp" ? describedBy(o.error) : ""}${focusTotp ? raw(" autofocus") : ""}>
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
  <input id="recovery" name="code" type="text" autocomplete="off" spellcheck="false" required${o.errorOn === "recovery" ? describedBy(o.error) : ""}${!focusTotp ? raw(" autofocus") : ""}>
  <button type="submit" class="secondary">Utiliser ce code de secours</button>
</form>
<p class="hint">Sans code de secours, demandez à votre référent administrateur de réinitialiser vos moyens de connexion.</p>
</div>`,
  });
}
