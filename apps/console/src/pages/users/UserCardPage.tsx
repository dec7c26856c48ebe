// The agent's card ("la fiche de l'agent"), with « Éditer l'utilisateur ».
import { useState } from "react";
import { Box, Breadcrumbs, Button, Chip, Link, Paper, Stack, Typography } from "@mui/material";
import EditIcon from "@mui/icons-material/Edit";
import { useQuery } from "@tanstack/react-query";
import { Link as RouterLink, useNavigate, useParams } from "react-router";
import { endpoints } from "../../api/endpoints";
import { keys } from "../../api/hooks";
import { usePageTitle } from "../../components/usePageTitle";
import { ErrorAlert, Loading } from "../../components/QueryState";
import { Facts } from "../../components/Facts";
import { RolesTable } from "../../components/RolesTable";
import { AuthedAvatar } from "../../components/AuthedAvatar";
import { DeleteUserDialog } from "../../components/DeleteUserDialog";
import { EditUserDialog } from "./edit/EditUserDialog";
import { ResetFactorsButton } from "../../components/ResetFactorsButton";

const date = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString("fr-FR") : null);

export default function UserCardPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const card = useQuery({ queryKey: keys.user(id), queryFn: () => endpoints.user(id) });
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const user = card.data?.data;
  const name = user ? `${user.firstName} ${user.lastName.toUpperCase()}` : "Fiche utilisateur";
  usePageTitle(name);

  return (
    <>
      <Breadcrumbs aria-label="Fil d'Ariane" sx={{ mb: 1 }}>
        <Link component={RouterLink} to="/utilisateurs">
          Utilisateurs
        </Link>
        <Typography>{name}</Typography>
      </Breadcrumbs>
      {card.isPending ? <Loading label="Chargement de la fiche…" /> : null}
      {card.isError ? <ErrorAlert error={card.error} retry={() => void card.refetch()} /> : null}
      {user ? (
        <>
          <Paper sx={{ p: 3, mb: 2 }}>
            <Stack direction="row" spacing={2} sx={{ alignItems: "center", mb: 2, flexWrap: "wrap" }}>
              <AuthedAvatar url={user.photoUrl} name={name} sx={{ width: 72, height: 72 }} />
              <Typography variant="h1" sx={{ flexGrow: 1 }}>
                {name}
              </Typography>
              {user.locked ? <Chip color="warning" label="Compte verrouillé" /> : null}
              <Button variant="contained" startIcon={<EditIcon />} onClick={() => setEditing(true)}>
                Éditer l'utilisateur
              </Button>
              <ResetFactorsButton userId={user.id} name={name} />
              <Button color="error" onClick={() => setDeleting(true)}>
                Supprimer l'utilisateur
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
                ...(user.otherStructures.length ? ([["Autres structures", user.otherStructures.map((s) => s.path).join(" ; ")]] as [string, string][]) : []),
                ["Service", user.service],
                ["Fonction", user.fonction],
                ["Numéro de téléphone", user.phone],
                ["Adresse postale", user.postalAddress],
                ["Télétravail", user.teleworking ? "Oui" : "Non"],
                ["Identifiant applicatif", user.appIdentifier],
                ["Date de début de validité du compte", date(user.validFrom)],
                ["Date de fin de validité du compte", date(user.validUntil)],
                ["Verrouillage du compte", user.locked ? `Verrouillé${user.lockedReason ? ` (${user.lockedReason})` : ""}` : "Non verrouillé"],
                ["Mot de passe", user.hasPassword ? "Défini" : "Pas encore défini (première visite à faire)"],
                ["Dernière connexion", user.lastLoginAt ? new Date(user.lastLoginAt).toLocaleString("fr-FR") : "Jamais"],
              ]}
            />
          </Paper>
          <Paper sx={{ p: 3 }}>
            <Typography variant="h2" gutterBottom>
              Applications et Rôles
            </Typography>
            <Box sx={{ overflowX: "auto" }}>
              <RolesTable roles={user.roles} showStructure />
            </Box>
          </Paper>
          {editing ? <EditUserDialog key={user.version} user={user} etag={card.data?.etag ?? null} open onClose={() => setEditing(false)} /> : null}
          <DeleteUserDialog user={deleting ? user : null} onClose={() => setDeleting(false)} onDeleted={() => void navigate("/utilisateurs")} />
        </>
      ) : null}
    </>
  );
}
