import { describe, expect, it } from "vitest";
import { logoutConfirmPage } from "./deconnexion.js";

const form = '<form id="op.logoutForm" method="post" action="/session/end/confirm"><input type="hidden" name="xsrf" value="x"/></form>';

describe("Déconnexion : la page de confirmation", () => {
  it("je me déconnecte d'une application : son nom suit « de », élidé devant une voyelle", () => {
    expect(logoutConfirmPage({ form, applicationName: "Annuaire des identités et des accès" })).toContain(
      "vous déconnecter d&#39;Annuaire des identités et des accès et de toutes les applications de Convergences",
    );
    expect(logoutConfirmPage({ form, applicationName: "BIP" })).toContain("vous déconnecter de BIP et de toutes les applications");
    expect(logoutConfirmPage({ form })).toContain("vous déconnecter de toutes les applications de Convergences");
  });
});
