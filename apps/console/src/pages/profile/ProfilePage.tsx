// "Je visualise mon profil": my data and my rights on the CIG's applications.
import { useState } from "react";
import { Alert, Breadcrumbs, Button, Link, Paper, Stack, Typography } from "@mui/material";
import { Link as RouterLink } from "react-router";
import { capabilities, useMe } from "../../api/hooks";
import { usePageTitle } from "../../components/usePageTitle";
import { Facts } from "../../components/Facts";
import { RolesTable } from "../../components/RolesTable";
import { AuthedAvatar } from "../../components/AuthedAvatar";
import { PhotoDialog } from "./PhotoDialog";
import { SecurityLink } from "../../components/SecurityLink";

export default function ProfilePage() {
  usePageTitle("Mon profil");
  const { data: me } = useMe();
  const [editing, setEditing] = useState(false);
  const user = me?.profile;
  if (!user) return <Alert severity="info">Ce jeton n'est rattaché à aucune personne : il n'y a pas de profil à afficher.</Alert>;
  const name = `${user.firstName} ${user.lastName.toUpperCase()}`;
  return (
    <>
      {/* As in the guide: « Utilisateurs › Wonder WOMAN » (a link only for who may open the list). */}
      <Breadcrumbs aria-label="Fil d'Ariane" sx={{ mb: 1 }}>
        {capabilities(me).isReferent ? (
          <Link component={RouterLink} to="/utilisateurs">
            Utilisateurs
          </Link>
        ) : (
          <Typography>Utilisateurs</Typography>
        )}
        <Typography>{name}</Typography>
      </Breadcrumbs>
      <Paper sx={{ p: { xs: 2, sm: 3 }, mb: 2 }}>
        <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: "center", mb: 2, flexWrap: "wrap" }}>
          <AuthedAvatar url={user.photoUrl} name={name} sx={{ width: 72, height: 72 }} />
          <Typography variant="h1" sx={{ flexGrow: 1 }}>
            {name}
          </Typography>
          <Button variant="contained" onClick={() => setEditing(true)}>
            Éditer
          </Button>
        </Stack>
        <Facts
          items={[
            ["Nom complet", name],
            ["Nom", user.lastName],
            ["Prénom", user.firstName],
            ["Identifiant", user.identifiant],
            ["Adresse mail", user.email],
            ["Structure d'appartenance", user.structure.path],
          ]}
        />
      </Paper>
      <Paper sx={{ p: { xs: 2, sm: 3 } }}>
        <Typography variant="h2" gutterBottom>
          Applications et Rôles
        </Typography>
        <RolesTable roles={user.roles} />
      </Paper>
      <SecurityLink />
      <PhotoDialog key={String(editing)} user={user} open={editing} onClose={() => setEditing(false)} />
    </>
  );
}
