import { Box } from "@mui/material";
import type { ReactNode } from "react";

/** A description list's layout: label and value side by side from `sm` up; on a phone the value goes under its label. */
export const factsSx = {
  m: 0,
  display: "grid",
  gridTemplateColumns: { xs: "minmax(0, 1fr)", sm: "max-content minmax(0, 1fr)" },
  columnGap: 2,
  rowGap: { xs: 0, sm: 1 },
  "& dt": { fontWeight: 600, mt: { xs: 1, sm: 0 } },
  // A long address breaks anywhere rather than widening the page; a two-line postal address keeps its lines.
  "& dd": { m: 0, overflowWrap: "anywhere", whiteSpace: "pre-line" },
} as const;

/** "Nom : WOMAN" lines, as a description list. */
export function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <Box component="dl" sx={factsSx}>
      {items.map(([label, value]) => (
        <Box key={label} sx={{ display: "contents" }}>
          <dt>{label} :</dt>
          <dd>{value === null || value === undefined || value === "" ? "—" : value}</dd>
        </Box>
      ))}
    </Box>
  );
}
