// « La fiche de l'agent s'ouvre » : it offers what the API's `permissions` allow, and only my part of
// a person shared with other bodies (DESIGN « One account, several bodies »).
import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { mockApi } from "../../test/api-mock";
import { renderScreen } from "../../test/render";
import { A, R, S, myPartOnly, structures, userCard } from "../../test/fixtures";
import UserCardPage from "./UserCardPage";

const vitry = { id: S.agrh, name: "DirG RH AGRH", path: structures.nodes[4]!.path };
const heldForMe = {
  id: "00000000-0000-4000-8000-000000008001",
  application: { id: A.bip, code: "bip", name: "BIP" },
  role: { id: R.bipGestionnaire, code: "gestionnaire", label: "Gestionnaire BIP" },
  structure: vitry,
  grantedAt: "2026-11-27T10:00:00.000Z",
};

function openCard(card: ReturnType<typeof userCard>, routes = {}) {
  const api = mockApi({
    [`GET /users/${card.id}`]: { body: card, headers: { ETag: `"${card.version}"` } },
    "GET /structures": { body: structures },
    ...routes,
  });
  renderScreen(
    <Routes>
      <Route path="/utilisateurs/:id" element={<UserCardPage />} />
      <Route path="/utilisateurs" element={<p>Liste des utilisateurs</p>} />
    </Routes>,
    { route: `/utilisateurs/${card.id}` },
  );
  return api;
}

describe("La fiche de l'agent", () => {
  it("le référent de sa structure d'appartenance : « Éditer l'utilisateur » et « Supprimer le compte »", async () => {
    openCard(userCard());
    expect(await screen.findByRole("heading", { name: "Jean DUPONT", level: 1 })).toBeVisible();
    expect(screen.getByRole("button", { name: "Éditer l'utilisateur" })).toBeVisible();
    expect(screen.getByRole("button", { name: "Supprimer le compte" })).toBeVisible();
    expect(screen.getByRole("button", { name: "Réinitialiser les moyens de connexion" })).toBeVisible();
    expect(screen.getByText("Structure d'appartenance :")).toBeVisible();
    expect(screen.queryByText("Également rattaché à d'autres structures")).toBeNull();
  });

  it("un agent rattaché aussi à d'autres structures : je ne vois que ma part, la mention neutre, et « Retirer de <ma structure> »", async () => {
    const user = userEvent.setup({ delay: null });
    const shared = userCard({ isHome: false, alsoElsewhere: true, structure: vitry, roles: [heldForMe], permissions: myPartOnly });
    const api = openCard(shared, { [`DELETE /users/${shared.id}`]: { body: { message: "L'utilisateur a été retiré de DirG RH AGRH." } } });
    expect(await screen.findByRole("heading", { name: "Jean DUPONT", level: 1 })).toBeVisible();
    expect(screen.getByText("Également rattaché à d'autres structures")).toBeVisible();
    // His home lies in another body: the card says « Structure » (mine), not « Structure d'appartenance ».
    expect(screen.queryByText("Structure d'appartenance :")).toBeNull();
    expect(screen.getByText("Structure :")).toBeVisible();
    // Account-level actions belong to his home's référent: not offered.
    expect(screen.queryByRole("button", { name: "Éditer l'utilisateur" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Supprimer le compte" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Réinitialiser les moyens de connexion" })).toBeNull();
    // The roles are the ones held for my structures, with the structure they are held for.
    const roles = screen.getByRole("table", { name: "Applications et rôles" });
    expect(within(roles).getAllByRole("row")).toHaveLength(2);
    expect(within(roles).getByRole("row", { name: /BIP Gestionnaire BIP .*DirG RH AGRH/ })).toBeVisible();
    // Membership actions he may do in his scope.
    expect(screen.getByRole("button", { name: "Rattacher à une autre structure" })).toBeVisible();
    expect(screen.getByRole("button", { name: "Déplacer l'affectation" })).toBeVisible();

    await user.click(screen.getByRole("button", { name: "Retirer de DirG RH AGRH" }));
    const dialog = screen.getByRole("dialog", { name: "Retirer de DirG RH AGRH" });
    expect(within(dialog).getByText(/Ses rôles tenus pour ces structures lui seront retirés/)).toBeVisible();
    await user.click(within(dialog).getByRole("button", { name: "Retirer" }));
    expect(await screen.findByText("L'utilisateur a été retiré de DirG RH AGRH.")).toBeVisible();
    expect(await screen.findByText("Liste des utilisateurs")).toBeVisible();
    expect(api.to("DELETE", `/users/${shared.id}`)).toHaveLength(1);
  });

  it("rien n'est offert quand l'API ne permet rien d'autre que la consultation", async () => {
    const none = {
      editIdentity: false,
      lock: false,
      resetPassword: false,
      photo: false,
      manageRoles: false,
      attach: false,
      moveMembership: false,
      remove: null,
    };
    openCard(userCard({ permissions: none }));
    expect(await screen.findByRole("heading", { name: "Jean DUPONT", level: 1 })).toBeVisible();
    expect(screen.queryByRole("button", { name: /Éditer|Supprimer|Retirer|Rattacher|Déplacer|Réinitialiser/ })).toBeNull();
  });

  it("Déplacer l'affectation : de ma structure vers une autre des miennes", async () => {
    const user = userEvent.setup({ delay: null });
    const shared = userCard({ isHome: false, alsoElsewhere: true, structure: vitry, permissions: myPartOnly });
    const moved = { ...shared, structure: { id: S.dg, name: "Direction générale", path: structures.nodes[3]!.path } };
    let current = shared;
    const api = openCard(shared, {
      [`GET /users/${shared.id}`]: () => ({ body: current }),
      [`POST /users/${shared.id}/structures/${S.agrh}/move`]: () => ({ body: (current = moved) }),
    });
    await user.click(await screen.findByRole("button", { name: "Déplacer l'affectation" }));
    const dialog = screen.getByRole("dialog", { name: "Déplacer l'affectation" });
    await user.click(within(dialog).getByRole("combobox", { name: /Nouvelle structure/ }));
    // His current structure is not offered as a destination.
    expect(screen.queryByRole("option", { name: "DirG RH AGRH" })).toBeNull();
    await user.click(await screen.findByRole("option", { name: "Direction générale" }));
    await user.click(within(dialog).getByRole("button", { name: "Déplacer" }));
    expect(await screen.findByText("L'affectation a été déplacée.")).toBeVisible();
    expect(api.to("POST", `/users/${shared.id}/structures/${S.agrh}/move`)[0]!.body).toEqual({ toStructureId: S.dg });
    expect(await screen.findByText(structures.nodes[3]!.path)).toBeVisible();
  });
});
