// The guide's pagination wording: "Éléments par page", "1 - 20 sur 134".
export const paginationLabels = {
  labelRowsPerPage: "Éléments par page",
  labelDisplayedRows: ({ from, to, count }: { from: number; to: number; count: number }) => `${from} - ${to} sur ${count}`,
  getItemAriaLabel: (type: "first" | "last" | "next" | "previous") =>
    ({ first: "Première page", last: "Dernière page", next: "Page suivante", previous: "Page précédente" })[type],
};
export const PAGE_SIZES = [20, 50, 100];
