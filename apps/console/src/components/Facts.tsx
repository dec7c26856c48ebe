import { Box } from "@mui/material";
import type { ReactNode } from "react";

/** "Nom : WOMAN" lines, as a description list. */
export function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <Box
      component="dl"
      sx={{
        m: 0,
        display: "grid",
        gridTemplateColumns: "max-content 1fr",
        columnGap: 2,
        rowGap: 1,
        "& dt": { fontWeight: 600 },
        "& dd": { m: 0 },
      }}
    >
      {items.map(([label, value]) => (
        <Box key={label} sx={{ display: "contents" }}>
          <dt>{label} :</dt>
          <dd>{value === null || value === undefined || value === "" ? "—" : value}</dd>
        </Box>
      ))}
    </Box>
  );
}
