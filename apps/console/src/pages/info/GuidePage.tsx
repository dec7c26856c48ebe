import { Link, List, ListItem, Paper, Typography } from "@mui/material";
import { usePageTitle } from "../../components/usePageTitle";

export default function GuidePage() {
  usePageTitle("Guide utilisateur");
  return (
    <Paper sx={{ p: 3, maxWidth: 900 }}>
      <Typography variant="h1" gutterBottom>
        Guide utilisateur
      </Typography>
      <Typography sx={{ mb: 2 }}>
        L'Annuaire des identités et des accès (AIA) permet aux référents administrateurs de gérer les comptes de leur collectivité ou
        établissement et leurs habilitations aux applications du CIG petite couronne.
      </Typography>
      <Typography variant="h2" gutterBottom>
        Gestion des comptes
      </Typography>
      <List dense>
        <ListItem>Je référence un utilisateur : menu « Créer un utilisateur ».</ListItem>
        <ListItem>
          Je modifie les informations d'un utilisateur : menu « Utilisateurs », puis son nom, puis « Éditer l'utilisateur ».
        </ListItem>
        <ListItem>J'habilite un utilisateur sur une application : menu « Applications », un rôle, puis « Affecter ».</ListItem>
        <ListItem>
          Je réaffecte ou je supprime une habilitation : menu « Applications », un rôle, puis les 3 points en bout de ligne.
        </ListItem>
        <ListItem>Je supprime le compte d'un agent : menu « Utilisateurs » ou « Structures », puis les 3 points en bout de ligne.</ListItem>
        <ListItem>Je réalise une extraction au format Excel : l'icône de menu, puis « Exporter ».</ListItem>
        <ListItem>Je visualise mon profil : ma photo en haut à droite, puis « Profil ».</ListItem>
      </List>
      <Typography variant="h2" gutterBottom sx={{ mt: 2 }}>
        Contacts
      </Typography>
      <Typography sx={{ mb: 2 }}>
        Question relative au dispositif Convergences (y compris la déclaration ou la suppression d'un référent administrateur) :{" "}
        <Link href="mailto:correspondantCIG@cig929394.fr">correspondantCIG@cig929394.fr</Link>
      </Typography>
      <Typography sx={{ mb: 2 }}>
        Question relative à la protection des données personnelles : <Link href="mailto:dpo@cig929394.fr">dpo@cig929394.fr</Link>
      </Typography>
    </Paper>
  );
}
