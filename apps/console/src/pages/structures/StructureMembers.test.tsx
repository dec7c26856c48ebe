// « Depuis le menu Structures » : « Supprimer les utilisateurs sélectionnés » removes them from my
// structures; the notice says what happened to each kind (retirés / comptes supprimés).
import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { BulkDeleteResult } from "@convergences/contract";
import { mockApi } from "../../test/api-mock";
import { renderScreen } from "../../test/render";
import { S, structures, summary, usersPage } from "../../test/fixtures";
import { StructureMembers } from "./StructureMembers";

const agrh = structures.nodes[4]!;
const rows = [summary(1, { alsoElsewhere: true }), summary(2), summary(3)];

describe("Détails de la liste des membres d'une structure", () => {
  it("Supprimer les utilisateurs sélectionnés : la notice dit combien ont été retirés de mes structures et combien de comptes ont été supprimés", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({
      [`GET /structures/${S.agrh}/members`]: { body: usersPage(rows) },
      "GET /structures": { body: structures },
      "POST /users/bulk-delete": {
        body: BulkDeleteResult.parse({ deleted: rows.map((r) => r.id), erased: [rows[1]!.id, rows[2]!.id], refused: [] }),
      },
    });
    renderScreen(
      <StructureMembers
        node={agrh}
        nodes={structures.nodes}
        canRestructure={false}
        onCreated={() => undefined}
        onDeleted={() => undefined}
      />,
    );
    await user.click(screen.getByRole("button", { name: "Charger tous les utilisateurs" }));
    const table = await screen.findByRole("table", { name: "Détails de la liste des membres" });
    expect(within(table).getAllByRole("img", { name: "Également rattaché à d'autres structures" })).toHaveLength(1);
    await user.click(within(table).getByRole("checkbox", { name: "Sélectionner toute la page" }));
    await user.click(screen.getByRole("button", { name: "Actions sur les utilisateurs de la structure" }));
    await user.click(screen.getByRole("menuitem", { name: "Supprimer les utilisateurs sélectionnés" }));
    const dialog = screen.getByRole("dialog", { name: "Supprimer les utilisateurs sélectionnés" });
    expect(within(dialog).getByText(/Un compte rattaché à d'autres structures y reste actif/)).toBeVisible();
    await user.click(within(dialog).getByRole("button", { name: "Supprimer" }));
    expect(await screen.findByText("1 utilisateur a été retiré de vos structures ; 2 comptes ont été supprimés.")).toBeVisible();
    expect(api.to("POST", "/users/bulk-delete")[0]!.body).toEqual({ userIds: rows.map((r) => r.id) });
  });
});
