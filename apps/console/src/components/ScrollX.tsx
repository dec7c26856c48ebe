import { Box } from "@mui/material";
import type { ReactNode } from "react";

/**
 * A wide table on a phone: the table alone scrolls sideways, never the page. The box can take the
 * keyboard focus (arrow keys scroll it) and is named, as a scrollable region must be.
 */
export function ScrollX({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box role="region" aria-label={label} tabIndex={0} sx={{ overflowX: "auto", maxWidth: "100%" }}>
      {children}
    </Box>
  );
}
