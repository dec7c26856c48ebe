// « Déconnexion »: the confirmation asked before an application's logout (RP-initiated logout, shown
// by oidc-provider through ../oidc/provider.ts), then « Vous êtes déconnecté ».
import { ofName } from "@convergences/contract";
import { html, raw } from "@convergences/html";
import { page } from "./layout.js";
import { messagePage } from "./message.js";

/** oidc-provider gives its form (with its anti-forgery field); we add the buttons. */
export function logoutConfirmPage(o: { form: string; applicationName?: string; organisation?: string }): string {
  const form = o.form.replace(/<\/form>$/, "");
  return page({
    title: "Déconnexion",
    organisation: o.organisation,
    body: html`<div class="card">
<h1>Déconnexion</h1>
<p>Souhaitez-vous vraiment vous déconnecter${o.applicationName ? html` ${ofName(o.applicationName)} et` : ""} de toutes les applications de Convergences ?</p>
${raw(form)}
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
