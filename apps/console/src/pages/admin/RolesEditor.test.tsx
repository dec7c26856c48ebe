// Application settings (CIG administrators): « Ajouter un rôle » and « Modifier » a role.
import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ApplicationDetail, Role } from "@convergences/contract";
import { mockApi } from "../../test/api-mock";
import { renderScreen } from "../../test/render";
import { fill } from "../../test/fill";
import { A, R, applications, id, problem } from "../../test/fixtures";
import ApplicationSettingsPage from "./ApplicationSettingsPage";

const bip = ApplicationDetail.parse({
  ...applications.items[0]!,
  clientId: "bip",
  tokenEndpointAuthMethod: "client_secret_basic",
  hasSecret: true,
  redirectUris: ["https://bip.cig929394.fr/callback"],
  postLogoutRedirectUris: [],
  backchannelLogoutUri: null,
  grantTypes: ["authorization_code", "refresh_token"],
  scopes: ["openid", "profile", "email"],
  requiresRole: true,
  enabled: true,
  launchUrl: "https://bip.cig929394.fr/",
  tileDescription: null,
  tileOrder: 10,
  version: 4,
});
const rolesPath = `/applications/${A.bip}/roles`;

async function openBip(user: ReturnType<typeof userEvent.setup>) {
  renderScreen(<ApplicationSettingsPage />);
  await user.click(await screen.findByRole("button", { name: "BIP" }));
  return screen.findByRole("list", { name: "Rôles de BIP" });
}

describe("Paramètres des applications : les rôles", () => {
  it("j'ajoute un rôle : code, libellé, description → il apparaît dans la liste", async () => {
    const user = userEvent.setup({ delay: null });
    const created = Role.parse({
      id: id(103),
      code: "gestionnaire-paie",
      label: "Gestionnaire paie",
      description: "Saisie des éléments de paie",
      memberCount: 0,
    });
    let detail = bip;
    const api = mockApi({
      "GET /applications": { body: applications },
      [`GET /applications/${A.bip}`]: () => ({ body: detail }),
      [`POST ${rolesPath}`]: () => {
        detail = { ...detail, roles: [...detail.roles, created] };
        return { status: 201, body: created };
      },
    });
    await openBip(user);
    await user.click(screen.getByRole("button", { name: "Ajouter un rôle" }));
    const dialog = screen.getByRole("dialog", { name: "Ajouter un rôle" });
    await user.click(within(dialog).getByRole("button", { name: "Enregistrer" }));
    expect(within(dialog).getByText("Le code est obligatoire")).toBeVisible();
    expect(within(dialog).getByText("Le libellé est obligatoire")).toBeVisible();
    expect(api.to("POST", rolesPath)).toHaveLength(0);

    await fill(user, within(dialog).getByRole("textbox", { name: /Code/ }), "gestionnaire-paie");
    await fill(user, within(dialog).getByRole("textbox", { name: /Libellé/ }), "Gestionnaire paie");
    await fill(user, within(dialog).getByRole("textbox", { name: "Description" }), "Saisie des éléments de paie");
    await user.click(within(dialog).getByRole("button", { name: "Enregistrer" }));

    expect(await screen.findByText("Le rôle a été créé.")).toBeVisible();
    expect(api.to("POST", rolesPath)[0]!.body).toEqual({
      code: "gestionnaire-paie",
      label: "Gestionnaire paie",
      description: "Saisie des éléments de paie",
    });
    expect(await screen.findByText("Gestionnaire paie (gestionnaire-paie)")).toBeVisible();
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("un code déjà pris est refusé par l'API : le message est affiché, la saisie est gardée", async () => {
    const user = userEvent.setup({ delay: null });
    const taken = problem("ROLE_CODE_TAKEN");
    mockApi({
      "GET /applications": { body: applications },
      [`GET /applications/${A.bip}`]: { body: bip },
      [`POST ${rolesPath}`]: taken,
    });
    await openBip(user);
    await user.click(screen.getByRole("button", { name: "Ajouter un rôle" }));
    const dialog = screen.getByRole("dialog", { name: "Ajouter un rôle" });
    await fill(user, within(dialog).getByRole("textbox", { name: /Code/ }), "consultation");
    await fill(user, within(dialog).getByRole("textbox", { name: /Libellé/ }), "Consultation");
    await user.click(within(dialog).getByRole("button", { name: "Enregistrer" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(taken.body.detail!);
    expect(within(dialog).getByRole("textbox", { name: /Code/ })).toHaveValue("consultation");
  });

  it("je modifie le libellé d'un rôle ; son code, transmis aux applications, reste en lecture seule", async () => {
    const user = userEvent.setup({ delay: null });
    const consultation = bip.roles.find((r) => r.id === R.bipConsultation)!;
    const api = mockApi({
      "GET /applications": { body: applications },
      [`GET /applications/${A.bip}`]: { body: bip },
      [`PATCH ${rolesPath}/${R.bipConsultation}`]: { body: Role.parse({ ...consultation, label: "Consultation des fiches BIP" }) },
    });
    const roles = await openBip(user);
    expect(within(roles).getByText("Consultation BIP (consultation)")).toBeVisible();
    await user.click(within(roles).getByRole("button", { name: "Modifier le rôle Consultation BIP" }));
    const dialog = screen.getByRole("dialog", { name: "Modifier le rôle" });
    expect(within(dialog).getByRole("textbox", { name: /Code/ })).toHaveAttribute("readonly");
    const label = within(dialog).getByRole("textbox", { name: /Libellé/ });
    await user.clear(label);
    await fill(user, label, "Consultation des fiches BIP");
    await user.click(within(dialog).getByRole("button", { name: "Enregistrer" }));

    expect(await screen.findByText("Le rôle a été modifié.")).toBeVisible();
    expect(api.to("PATCH", `${rolesPath}/${R.bipConsultation}`)[0]!.body).toEqual({
      label: "Consultation des fiches BIP",
      description: null,
    });
  });
});
