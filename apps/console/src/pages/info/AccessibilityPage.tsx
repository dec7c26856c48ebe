import { Link, List, ListItem, Paper, Typography } from "@mui/material";
import { usePageTitle } from "../../components/usePageTitle";

export default function AccessibilityPage() {
  usePageTitle("Accessibilité");
  return (
    <Paper sx={{ p: 3, maxWidth: 900 }}>
      <Typography variant="h1" gutterBottom>
        Accessibilité : partiellement conforme
      </Typography>
      <Typography sx={{ mb: 2 }}>
        L'Annuaire des identités et des accès est partiellement conforme au référentiel général d'amélioration de l'accessibilité (RGAA).
      </Typography>
      <Typography variant="h2" gutterBottom>
        Ce qui est fait
      </Typography>
      <List dense>
        <ListItem>Chaque champ et chaque bouton a un libellé ; chaque écran a un titre.</ListItem>
        <ListItem>Tout se fait au clavier, avec un repère de focus visible ; un lien permet d'aller directement au contenu.</ListItem>
        <ListItem>Les contrastes de couleurs respectent le niveau AA.</ListItem>
        <ListItem>Les messages d'erreur et de confirmation sont annoncés aux lecteurs d'écran.</ListItem>
      </List>
      <Typography variant="h2" gutterBottom>
        Limites connues
      </Typography>
      <List dense>
        <ListItem>L'arborescence des structures ne suit pas encore entièrement le motif « treeview » des lecteurs d'écran.</ListItem>
        <ListItem>Aucun audit RGAA complet n'a encore été réalisé.</ListItem>
      </List>
      <Typography sx={{ mb: 2 }}>
        Signaler un défaut d'accessibilité : <Link href="mailto:correspondantCIG@cig929394.fr">correspondantCIG@cig929394.fr</Link>
      </Typography>
    </Paper>
  );
}
