// The agent's card ("la fiche de l'agent"), with « Éditer l'utilisateur ». It shows what the card's
// `permissions` allow me, and only my part of a shared account (the API sends nothing else).
import { formatDay, formatInstant } from "@convergences/contract";
import { useState } from "react";
import { Box, Breadcrumbs, Button, Chip, Link, Paper, Stack, Typography } from "@mui/material";
import EditIcon from "@mui/icons-material/Edit";
import { useQuery } from "@tanstack/react-query";
import { Link as RouterLink, useNavigate, useParams } from "react-router";
import { api } from "../../api/endpoints";
import { keys } from "../../api/hooks";
import { usePageTitle } from "../../components/usePageTitle";
import { ErrorAlert, Loading } from "../../components/QueryState";
import { Facts } from "../../components/Facts";
import { RolesTable } from "../../components/RolesTable";
import { AuthedAvatar } from "../../components/AuthedAvatar";
import { DeleteUserDialog } from "../../components/DeleteUserDialog";
import { AlsoElsewhereChip } from "../../components/AlsoElsewhere";
import { removalLabel } from "../../components/removal";
import { ResetFactorsButton } from "../../components/ResetFactorsButton";
import { EditUserDialog, mayEdit } from "./edit/EditUserDialog";
import { MembershipDialog } from "./MembershipDialog";

const date = (day: string | null) => (day ? formatDay(day) : null);

export default function UserCardPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const card = useQuery({ queryKey: keys.user(id), queryFn: () => api.consulterLaFiche.withEtag({ params: { id } }) });
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [membership, setMembership] = useState<"attach" | "move" | null>(null);
  const user = card.data?.data;
  const remove = user ? removalLabel(user) : null;
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
          <Paper sx={{ p: { xs: 2, sm: 3 }, mb: 2 }}>
            <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: "center", mb: 2, flexWrap: "wrap" }}>
              <AuthedAvatar url={user.photoUrl} name={name} sx={{ width: 72, height: 72 }} />
              <Typography variant="h1" sx={{ flexGrow: 1 }}>
                {name}
              </Typography>
              {user.locked ? <Chip color="warning" label="Compte verrouillé" /> : null}
              {user.alsoElsewhere ? <AlsoElsewhereChip /> : null}
              {mayEdit(user.permissions) ? (
                <Button variant="contained" startIcon={<EditIcon />} onClick={() => setEditing(true)}>
                  Éditer l'utilisateur
                </Button>
              ) : null}
              {/* The second factors are reset by whoever may reset the password (DESIGN: same row of the table). */}
              {user.permissions.resetPassword ? <ResetFactorsButton userId={user.id} name={name} /> : null}
              {user.permissions.attach ? <Button onClick={() => setMembership("attach")}>Rattacher à une autre structure</Button> : null}
              {user.permissions.moveMembership ? <Button onClick={() => setMembership("move")}>Déplacer l'affectation</Button> : null}
              {remove ? (
                <Button color="error" onClick={() => setDeleting(true)}>
                  {remove}
                </Button>
              ) : null}
            </Stack>
            <Facts
              items={[
                ["Nom complet", name],
                ["Nom", user.lastName],
                ["Prénom", user.firstName],
                ["Identifiant", user.identifiant],
                ["Adresse mail", user.email],
                // Not his home when that lies outside my scope: then only his structure in my scope.
                [user.isHome ? "Structure d'appartenance" : "Structure", user.structure.path],
                ...(user.otherStructures.length
                  ? ([["Autres structures", user.otherStructures.map((s) => s.path).join(" ; ")]] as [string, string][])
                  : []),
                ["Service", user.service],
                ["Fonction", user.fonction],
                ["Numéro de téléphone", user.phone],
                ["Adresse postale", user.postalAddress],
                ["Télétravail", user.teleworking ? "Oui" : "Non"],
                ["Identifiant applicatif", user.appIdentifier],
                ["Date de début de validité du compte", date(user.validFrom)],
                ["Date de fin de validité du compte", date(user.validUntil)],
                [
                  "Verrouillage du compte",
                  user.locked ? `Verrouillé${user.lockedReason ? ` (${user.lockedReason})` : ""}` : "Non verrouillé",
                ],
                ["Mot de passe", user.hasPassword ? "Défini" : "Pas encore défini (première visite à faire)"],
                ["Dernière connexion", user.lastLoginAt ? formatInstant(user.lastLoginAt) : "Jamais"],
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
          {membership ? <MembershipDialog key={membership} user={user} mode={membership} onClose={() => setMembership(null)} /> : null}
          {editing ? (
            <EditUserDialog key={user.version} user={user} etag={card.data?.etag ?? null} open onClose={() => setEditing(false)} />
          ) : null}
          <DeleteUserDialog
            user={deleting ? user : null}
            onClose={() => setDeleting(false)}
            onDeleted={() => void navigate("/utilisateurs")}
          />
        </>
      ) : null}
    </>
  );
}
