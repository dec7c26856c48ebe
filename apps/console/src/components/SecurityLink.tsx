// « Sécurité du compte » in « Profil »: the provider's page where the agent manages his second
// factors (authenticator application, passkeys, recovery codes); the console never handles them.
import { Button, Paper, Typography } from "@mui/material";
import { authority } from "../auth/oidc";

export function SecurityLink() {
  return (
    <Paper sx={{ p: 3, mt: 2 }}>
      <Typography variant="h2" gutterBottom>
        Sécurité du compte
      </Typography>
      <Typography sx={{ mb: 1 }}>Double authentification : application d'authentification, clés d'accès et codes de secours.</Typography>
      <Button variant="outlined" href={`${authority}/securite`}>
        Gérer mes moyens de connexion
      </Button>
    </Paper>
  );
}
