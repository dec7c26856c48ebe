// "J'habilite un utilisateur sur une application du CIG."
import { describe, expect, it } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockApi } from "../../test/api-mock";
import { renderScreen } from "../../test/render";
import { A, R, assignResult, summary, usersPage } from "../../test/fixtures";
import { AssignDialog } from "./AssignDialog";

const simple = summary(1, { lastName: "simple", firstName: "agent", email: "simple.agent@creteil.fr" });
const membersPath = `/applications/${A.bip}/roles/${R.bipGestionnaire}/members`;

describe("Affecter un ou plusieurs utilisateur(s) au rôle", () => {
  it("demande au moins 3 caractères, puis je sélectionne l'agent et je clique sur AFFECTER", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({
      "GET /users": ({ query }) => ({ body: usersPage(query.get("q") === "simp" ? [simple] : [], query.get("q") === "simp" ? 1 : 0) }),
      [`POST ${membersPath}`]: ({ body }) => ({ status: 200, body: assignResult((body as { userIds: string[] }).userIds) }),
    });
    renderScreen(
      <AssignDialog
        open
        onClose={() => undefined}
        application={{ id: A.bip, name: "BIP" }}
        role={{ id: R.bipGestionnaire, label: "Gestionnaire BIP" }}
      />,
    );

    expect(
      screen.getByRole("dialog", { name: "Affecter un ou plusieurs utilisateur(s) au rôle Gestionnaire BIP de l'application BIP" }),
    ).toBeVisible();
    const search = screen.getByRole("textbox", { name: "Rechercher" });
    expect(search).toHaveAttribute("placeholder", "Rechercher par nom, prénom, identifiant ou structure");
    expect(screen.getByText("Veuillez saisir au moins 3 caractères pour effectuer une recherche")).toBeVisible();
    expect(screen.getByRole("button", { name: "Affecter" })).toBeDisabled();

    await user.type(search, "si");
    await new Promise((r) => setTimeout(r, 400));
    expect(api.to("GET", "/users")).toHaveLength(0); // nothing asked under 3 characters

    await user.type(search, "mp");
    // Debounced search then a render: bounded generously, a loaded machine is slow but the state comes.
    expect(await screen.findByText("Utilisateurs (1)", {}, { timeout: 15_000 })).toBeVisible();
    expect(api.to("GET", "/users").at(-1)!.query.get("q")).toBe("simp");
    expect(screen.getByRole("table", { name: "Détails de la liste des membres" })).toBeVisible();
    expect(screen.getByText("1 - 1 sur 1")).toBeVisible();
    await user.click(screen.getByRole("checkbox", { name: "Sélectionner agent simple" }));
    await user.click(screen.getByRole("button", { name: "Affecter" }));

    expect(await screen.findByText("1 utilisateur a été affecté au rôle.", {}, { timeout: 15_000 })).toBeVisible();
    expect(api.to("POST", membersPath)[0]!.body).toEqual({ userIds: [simple.id] });
  });

  it("un refus de l'API est affiché dans la fenêtre, la sélection est gardée", async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({
      "GET /users": { body: usersPage([simple]) },
      [`POST ${membersPath}`]: {
        status: 403,
        body: {
          type: "urn:convergences:problem:forbidden",
          title: "Refus",
          status: 403,
          detail: "Vous n'avez pas les droits nécessaires pour effectuer cette action.",
          code: "FORBIDDEN",
        },
      },
    });
    renderScreen(
      <AssignDialog
        open
        onClose={() => undefined}
        application={{ id: A.bip, name: "BIP" }}
        role={{ id: R.bipGestionnaire, label: "Gestionnaire BIP" }}
      />,
    );
    await user.type(screen.getByRole("textbox", { name: "Rechercher" }), "simple");
    await user.click(await screen.findByRole("checkbox", { name: "Sélectionner agent simple" }));
    await user.click(screen.getByRole("button", { name: "Affecter" }));
    expect(await screen.findByText("Vous n'avez pas les droits nécessaires pour effectuer cette action.")).toBeVisible();
    expect(screen.getByRole("checkbox", { name: "Sélectionner agent simple" })).toBeChecked();
  });
});
