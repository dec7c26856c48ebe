// « Je réaffecte ou je supprime une habilitation à un utilisateur sur une application du CIG » : the
// role's members are the assignments held for my structures; a shared agent is only mentioned as
// such, and « Désaffecter » removes the assignment of that row, not what another body granted.
import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RoleMembersPage } from "@convergences/contract";
import { mockApi } from "../../test/api-mock";
import { renderScreen } from "../../test/render";
import { A, R, S, applications, id, structures } from "../../test/fixtures";
import { RoleMembers } from "./RoleMembers";

const bip = applications.items[0]!;
const role = bip.roles[1]!; // Gestionnaire BIP
const agrh = { id: S.agrh, name: "DirG RH AGRH", path: structures.nodes[4]!.path };
const member = (n: number, alsoElsewhere: boolean) => ({
  assignmentId: id(3000 + n),
  user: {
    id: id(2000 + n),
    lastName: `NOM${n}`,
    firstName: `Prénom${n}`,
    email: `agent${n}@lhay.fr`,
    identifiant: `agent${n}@lhay.fr`,
    structure: agrh,
  },
  structure: agrh,
  grantedAt: "2026-11-27T10:00:00.000Z",
  grantedBy: null,
  alsoElsewhere,
});
const members = RoleMembersPage.parse({
  items: [member(1, true), member(2, false)],
  total: 2,
  page: 1,
  pageSize: 20,
  application: { id: A.bip, code: "bip", name: "BIP" },
  role: { id: R.bipGestionnaire, code: "gestionnaire", label: "Gestionnaire BIP" },
});

describe("Membres d'un rôle", () => {
  it("un agent également rattaché à d'autres structures : la mention neutre sur sa ligne ; « Désaffecter » retire le rôle tenu pour ma structure seulement", async () => {
    const user = userEvent.setup({ delay: null });
    const path = `/applications/${A.bip}/roles/${R.bipGestionnaire}/members`;
    const api = mockApi({ [`GET ${path}`]: { body: members }, [`DELETE ${path}/${id(2001)}`]: { status: 204 } });
    renderScreen(<RoleMembers application={bip} role={role} />);
    await user.click(screen.getByRole("button", { name: "Charger tous les utilisateurs" }));
    const table = await screen.findByRole("table", { name: "Détails de la liste des membres" });
    const shared = within(table).getByRole("row", { name: /NOM1/ });
    expect(within(shared).getByRole("img", { name: "Également rattaché à d'autres structures" })).toBeInTheDocument();
    expect(within(within(table).getByRole("row", { name: /NOM2/ })).queryByRole("img")).toBeNull();

    await user.click(within(shared).getByRole("button", { name: "Actions pour Prénom1 NOM1" }));
    await user.click(screen.getByRole("menuitem", { name: "Désaffecter le membre sélectionné" }));
    await user.click(
      within(screen.getByRole("dialog", { name: "Désaffecter le membre sélectionné" })).getByRole("button", { name: "Désaffecter" }),
    );
    expect(await screen.findByText("Le membre a été désaffecté du rôle.")).toBeVisible();
    const [call] = api.to("DELETE", `${path}/${id(2001)}`);
    expect(call!.query.get("structureId")).toBe(S.agrh);
  });
});
