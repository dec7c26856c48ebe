// « Rattacher à une autre structure » and « Déplacer l'affectation » (the card's membership dialog).
import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockApi } from "../../test/api-mock";
import { renderScreen } from "../../test/render";
import { myPartOnly, problem, S, structures, userCard } from "../../test/fixtures";
import { MembershipDialog } from "./MembershipDialog";

const shared = userCard({ isHome: false, alsoElsewhere: true, permissions: myPartOnly });

describe("Les affectations d'un utilisateur", () => {
  it("Rattacher à une autre structure sans en choisir : « Champ obligatoire », le focus sur le champ ; l'erreur part dès que je choisis, et celle de l'API arrive sur le champ", async () => {
    const user = userEvent.setup({ delay: null });
    let attempts = 0;
    const api = mockApi({
      "GET /structures": { body: structures },
      [`POST /users/${shared.id}/structures`]: () =>
        ++attempts === 1
          ? problem("VALIDATION_FAILED", [{ path: "structureId", message: "Cet utilisateur appartient déjà à cette structure." }])
          : { status: 201, body: shared },
    });
    renderScreen(<MembershipDialog user={shared} mode="attach" onClose={() => undefined} />);
    const picker = screen.getByRole("combobox", { name: /Structure de rattachement/ });
    // The dialog opens on its field.
    await waitFor(() => expect(picker).toHaveFocus());
    await user.click(screen.getByRole("button", { name: "Rattacher" }));
    await waitFor(() => expect(picker).toHaveAccessibleDescription("Champ obligatoire"));
    expect(picker).toHaveFocus();
    expect(api.to("POST", `/users/${shared.id}/structures`)).toHaveLength(0);
    // Chosen: the error goes at once, with no other click on RATTACHER.
    await user.click(picker);
    await user.click(await screen.findByRole("option", { name: "L'Haÿ-les-Roses" }));
    await waitFor(() => expect(picker).not.toHaveAttribute("aria-invalid", "true"));
    expect(screen.queryByText("Champ obligatoire")).toBeNull();
    // The API's field error lands on the picker, which gets the focus; another choice takes it away.
    await user.click(screen.getByRole("button", { name: "Rattacher" }));
    await waitFor(() => expect(picker).toHaveAccessibleDescription("Cet utilisateur appartient déjà à cette structure."));
    await waitFor(() => expect(picker).toHaveFocus());
    expect(api.to("POST", `/users/${shared.id}/structures`)[0]!.body).toEqual({ structureId: S.lhay });
    await user.click(picker);
    await user.click(await screen.findByRole("option", { name: "Direction générale" }));
    await waitFor(() => expect(picker).not.toHaveAttribute("aria-invalid", "true"));
    await user.click(screen.getByRole("button", { name: "Rattacher" }));
    expect(await screen.findByText("L'utilisateur a été rattaché à la structure.")).toBeVisible();
    expect(api.to("POST", `/users/${shared.id}/structures`)[1]!.body).toEqual({ structureId: S.dg });
  });

  it("Déplacer l'affectation d'une de ses structures : la structure à déplacer d'abord, puis la nouvelle, obligatoire", async () => {
    const user = userEvent.setup({ delay: null });
    const lhay = { id: S.lhay, name: "L'Haÿ-les-Roses", path: structures.nodes[2]!.path };
    const twice = userCard({ isHome: false, alsoElsewhere: true, permissions: myPartOnly, otherStructures: [lhay] });
    const api = mockApi({
      "GET /structures": { body: structures },
      [`POST /users/${twice.id}/structures/${S.lhay}/move`]: { body: twice },
    });
    renderScreen(<MembershipDialog user={twice} mode="move" onClose={() => undefined} />);
    const from = screen.getByRole("combobox", { name: "Affectation à déplacer" });
    await waitFor(() => expect(from).toHaveFocus());
    await user.click(screen.getByRole("button", { name: "Déplacer" }));
    const picker = screen.getByRole("combobox", { name: /Nouvelle structure/ });
    await waitFor(() => expect(picker).toHaveAccessibleDescription("Champ obligatoire"));
    expect(picker).toHaveFocus();
    await user.click(from);
    await user.click(await screen.findByRole("option", { name: lhay.path }));
    await user.click(picker);
    await user.click(await screen.findByRole("option", { name: "Direction générale" }));
    await waitFor(() => expect(picker).not.toHaveAttribute("aria-invalid", "true"));
    await user.click(screen.getByRole("button", { name: "Déplacer" }));
    expect(await screen.findByText("L'affectation a été déplacée.")).toBeVisible();
    expect(api.to("POST", `/users/${twice.id}/structures/${S.lhay}/move`)[0]!.body).toEqual({ toStructureId: S.dg });
  });
});
