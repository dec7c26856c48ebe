// The neutral mention that a shared account lives on in other bodies: nothing more is shown about
// them (DESIGN « One account, several bodies »: other bodies exist, no detail).
import { Box, Chip, Tooltip } from "@mui/material";
import CallSplitIcon from "@mui/icons-material/CallSplit";
import { MESSAGES } from "@convergences/contract";

/** On the card, beside the name. */
export function AlsoElsewhereChip() {
  return <Chip variant="outlined" label={MESSAGES.alsoElsewhere} />;
}

/** In a list row (one line per row): an icon, its words as tooltip and accessible name. */
export function AlsoElsewhereMark() {
  return (
    <Tooltip title={MESSAGES.alsoElsewhere}>
      <Box
        component="span"
        role="img"
        aria-label={MESSAGES.alsoElsewhere}
        sx={{ display: "inline-flex", verticalAlign: "middle", mr: 0.5, color: "text.secondary" }}
      >
        <CallSplitIcon fontSize="small" />
      </Box>
    </Tooltip>
  );
}
