// Loading and error states: no screen is ever blank while waiting or after a failed request.
import { Alert, Box, Button, CircularProgress, Typography, type SxProps } from "@mui/material";
import { errorMessage } from "../api/client";

export function Loading({ label = "Chargement en cours…" }: { label?: string }) {
  return (
    <Box role="status" sx={{ display: "flex", alignItems: "center", gap: 2, py: 3 }}>
      <CircularProgress size={22} aria-hidden />
      <Typography>{label}</Typography>
    </Box>
  );
}

export function ErrorAlert({ error, retry, sx }: { error: unknown; retry?: () => void; sx?: SxProps }) {
  return (
    <Alert
      severity="error"
      role="alert"
      sx={sx}
      action={
        retry ? (
          <Button color="inherit" size="small" onClick={retry}>
            Réessayer
          </Button>
        ) : undefined
      }
    >
      {errorMessage(error)}
    </Alert>
  );
}
