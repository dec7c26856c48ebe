// "Je supprime le compte d'un agent utilisateur" depuis le menu « Utilisateurs ».
import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockApi } from "../../test/api-mock";
import { renderScreen } from "../../test/render";
import { structures, summary, usersPage } from "../../test/fixtures";
import UsersPage from "./UsersPage";

const page1 = Array.from({ length: 20 }, (_, i) => summary(i + 1));

describe("Utilisateurs", () => {
  it("rien n'est chargé par défaut ; CHARGER TOUS LES UTILISATEURS affiche la première page de 20 sur 134", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({ "GET /users": { body: usersPage(page1, 134) }, "GET /structures": { body: structures } });
    renderScreen(<UsersPage />);
    expect(screen.getByText(/les utilisateurs déjà enregistrés ne sont pas affichés/)).toBeVisible();
    expect(api.to("GET", "/users")).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Charger tous les utilisateurs" }));
    expect(await screen.findByText("1 - 20 sur 134")).toBeVisible();
    expect(screen.getByText("Éléments par page")).toBeVisible();
    const q = api.to("GET", "/users")[0]!.query;
    expect(q.get("page")).toBe("1");
    expect(q.get("pageSize")).toBe("20");
    await user.click(screen.getByRole("button", { name: "Page suivante" }));
    await screen.findByText("21 - 40 sur 134");
    expect(api.to("GET", "/users").at(-1)!.query.get("page")).toBe("2");
  });

  it("les 3 points → « Supprimer l'utilisateur » → je confirme → la notice apparaît en bas à droite", async () => {
    const user = userEvent.setup({ delay: null });
    const target = page1[2]!;
    const api = mockApi({
      "GET /users": { body: usersPage(page1, 134) },
      "GET /structures": { body: structures },
      [`DELETE /users/${target.id}`]: { status: 204 },
    });
    renderScreen(<UsersPage />);
    await user.click(screen.getByRole("button", { name: "Charger tous les utilisateurs" }));
    await user.click(await screen.findByRole("button", { name: `Actions pour ${target.firstName} ${target.lastName}` }));
    await user.click(screen.getByRole("menuitem", { name: "Supprimer l'utilisateur" }));

    const dialog = screen.getByRole("dialog", { name: "Supprimer l'utilisateur" });
    expect(within(dialog).getByText(/Cette action est irréversible/)).toBeVisible();
    expect(within(dialog).getByText(`${target.firstName} ${target.lastName}`)).toBeVisible();
    expect(api.to("DELETE", `/users/${target.id}`)).toHaveLength(0); // nothing before confirming
    await user.click(within(dialog).getByRole("button", { name: "Supprimer" }));

    expect(await screen.findByText("L'utilisateur a été supprimé.")).toBeVisible();
    expect(api.to("DELETE", `/users/${target.id}`)).toHaveLength(1);
  });

  it("j'annule la suppression : rien n'est supprimé", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({ "GET /users": { body: usersPage(page1, 134) }, "GET /structures": { body: structures } });
    renderScreen(<UsersPage />);
    await user.click(screen.getByRole("button", { name: "Charger tous les utilisateurs" }));
    await user.click(await screen.findByRole("button", { name: `Actions pour ${page1[0]!.firstName} ${page1[0]!.lastName}` }));
    await user.click(screen.getByRole("menuitem", { name: "Supprimer l'utilisateur" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Annuler" }));
    expect(api.calls.filter((c) => c.method === "DELETE")).toHaveLength(0);
  });
});
