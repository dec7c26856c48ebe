import { Link, Paper, Typography } from "@mui/material";
import { Link as RouterLink } from "react-router";
import { usePageTitle } from "../../components/usePageTitle";

export default function NotFoundPage() {
  usePageTitle("Page introuvable");
  return (
    <Paper sx={{ p: 3 }}>
      <Typography variant="h1" gutterBottom>
        Page introuvable
      </Typography>
      <Typography>
        Cette adresse ne correspond à aucun écran de l'annuaire.{" "}
        <Link component={RouterLink} to="/">
          Revenir à l'accueil
        </Link>
      </Typography>
    </Paper>
  );
}
