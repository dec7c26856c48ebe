// The guide's pagination wording: "Éléments par page", "1 - 20 sur 134" — or "1 - 20 sur plus de
// 10 000" when the API stopped counting (`totalIsLowerBound`).

/** "134", or "plus de 10 000" when the total is a lower bound. */
export const formatTotal = (total: number, lowerBound?: boolean) =>
  lowerBound ? `plus de ${total.toLocaleString("fr-FR")}` : String(total);

export const displayedRows =
  (lowerBound?: boolean) =>
  ({ from, to, count }: { from: number; to: number; count: number }) =>
    `${from} - ${to} sur ${formatTotal(count, lowerBound)}`;

export const paginationLabels = {
  labelRowsPerPage: "Éléments par page",
  labelDisplayedRows: ({ from, to, count }: { from: number; to: number; count: number }) => `${from} - ${to} sur ${count}`,
  getItemAriaLabel: (type: "first" | "last" | "next" | "previous") =>
    ({ first: "Première page", last: "Dernière page", next: "Page suivante", previous: "Page précédente" })[type],
};
export const PAGE_SIZES = [20, 50, 100];
