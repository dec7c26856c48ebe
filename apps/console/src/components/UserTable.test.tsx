// The users list stays smooth with large pages: up to 100 rows per page, rows windowed.
import { describe, expect, it, vi } from "vitest";
import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderScreen } from "../test/render";
import { summary } from "../test/fixtures";
import { ROW_HEIGHT, UserTable } from "./UserTable";

const hundred = Array.from({ length: 100 }, (_, i) => summary(i + 1));
const dataRows = () =>
  within(screen.getByRole("table", { name: "Liste des utilisateurs" }))
    .getAllByRole("row")
    .slice(1);

function renderTable(overrides: Partial<Parameters<typeof UserTable>[0]> = {}) {
  const props = {
    caption: "Liste des utilisateurs",
    rows: hundred,
    total: 134_000,
    page: 0,
    pageSize: 100,
    onPage: vi.fn(),
    onPageSize: vi.fn(),
    onDelete: vi.fn(),
    ...overrides,
  };
  renderScreen(<UserTable {...props} />);
  return props;
}

describe("Liste des utilisateurs en pages de 100", () => {
  it("n'insère dans la page que les lignes visibles, et annonce le nombre total de lignes", () => {
    renderTable();
    const table = screen.getByRole("table", { name: "Liste des utilisateurs" });
    expect(table).toHaveAttribute("aria-rowcount", "101");
    const rows = dataRows();
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(40);
    expect(within(rows[0]!).getByRole("link", { name: "NOM1" })).toBeVisible();
    expect(rows[0]).toHaveAttribute("aria-rowindex", "2");
    expect(screen.queryByRole("link", { name: "NOM100" })).toBeNull();
  });

  it("en faisant défiler la liste, les lignes suivantes apparaissent et les premières sortent du DOM", () => {
    renderTable();
    const scroller = screen.getByRole("table", { name: "Liste des utilisateurs" }).parentElement!;
    scroller.scrollTop = ROW_HEIGHT * 85;
    fireEvent.scroll(scroller);
    expect(screen.getByRole("link", { name: "NOM90" })).toBeVisible();
    expect(screen.getByRole("link", { name: "NOM100" })).toBeVisible();
    expect(screen.queryByRole("link", { name: "NOM1" })).toBeNull();
    const last = dataRows().at(-1)!;
    expect(last).toHaveAttribute("aria-rowindex", "101");
  });

  it("propose 20, 50 ou 100 éléments par page", async () => {
    const user = userEvent.setup({ delay: null });
    const props = renderTable({ rows: hundred.slice(0, 20), pageSize: 20 });
    expect(screen.getByText("1 - 20 sur 134000")).toBeVisible();
    await user.click(screen.getByRole("combobox", { name: /Éléments par page/ }));
    const options = screen.getAllByRole("option").map((o) => o.textContent);
    expect(options).toEqual(["20", "50", "100"]);
    await user.click(screen.getByRole("option", { name: "100" }));
    expect(props.onPageSize).toHaveBeenCalledWith(100);
  });

  it("quand l'API a cessé de compter, annonce « 1 - 20 sur plus de 10 000 »", () => {
    renderTable({ rows: hundred.slice(0, 20), total: 10_000, totalIsLowerBound: true, pageSize: 20 });
    expect(screen.getByText(/^1 - 20 sur plus de 10\s000$/)).toBeVisible();
  });

  it("une page courte est entièrement rendue et les 3 points restent accessibles sur chaque ligne", () => {
    renderTable({ rows: hundred.slice(0, 5), total: 5, pageSize: 20 });
    expect(dataRows()).toHaveLength(5);
    expect(screen.getAllByRole("button", { name: /^Actions pour / })).toHaveLength(5);
  });
});
