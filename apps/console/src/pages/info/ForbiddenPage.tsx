import { Link, Paper, Typography } from "@mui/material";
import { Link as RouterLink } from "react-router";
import { usePageTitle } from "../../components/usePageTitle";

/** What a person sees at the address of a screen his profile does not open (the API would refuse it anyway). */
export function ForbiddenPage() {
  usePageTitle("Accès non autorisé");
  return (
    <Paper sx={{ p: 3 }}>
      <Typography variant="h1" gutterBottom>
        Accès non autorisé
      </Typography>
      <Typography gutterBottom>
        Votre profil ne donne pas accès à cet écran de l'annuaire. Si vous pensez devoir y accéder, adressez-vous à votre référent
        administrateur ou au correspondant CIG.
      </Typography>
      <Typography>
        <Link component={RouterLink} to="/">
          Revenir à l'accueil
        </Link>
      </Typography>
    </Paper>
  );
}
