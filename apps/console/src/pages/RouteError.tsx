import { Alert, Box, Button, Typography } from "@mui/material";
import { useRouteError } from "react-router";

export function RouteError() {
  const error = useRouteError();
  // A new version was deployed and an old chunk is gone: reloading fetches the new ones.
  const stale = error instanceof TypeError && /dynamically imported module|Importing a module script failed/i.test(error.message);
  return (
    <Box component="main" sx={{ p: 4, maxWidth: 640 }}>
      <Typography variant="h1" gutterBottom>
        Une erreur est survenue
      </Typography>
      <Alert severity="error" sx={{ mb: 2 }}>
        {stale ? "Une nouvelle version de l'annuaire est disponible." : "Cet écran n'a pas pu s'afficher."} Rechargez la page pour
        continuer.
      </Alert>
      <Button variant="contained" onClick={() => window.location.reload()}>
        Recharger la page
      </Button>
    </Box>
  );
}
