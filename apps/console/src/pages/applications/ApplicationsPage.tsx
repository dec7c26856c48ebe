// "Applications": the applications I administer, each unfolded to its roles; a role → its members.
import { ofName } from "@convergences/contract";
import { useState } from "react";
import { Box, Collapse, List, ListItem, ListItemButton, ListItemText, Paper, Typography } from "@mui/material";
import ExpandMoreIcon from "@mui/icons-material/ExpandMore";
import ChevronRightIcon from "@mui/icons-material/ChevronRight";
import { useApplications } from "../../api/hooks";
import { usePageTitle } from "../../components/usePageTitle";
import { ErrorAlert, Loading } from "../../components/QueryState";
import { RoleMembers } from "./RoleMembers";

export default function ApplicationsPage() {
  usePageTitle("Applications");
  const applications = useApplications();
  const [open, setOpen] = useState<string[]>([]);
  const [selected, setSelected] = useState<{ appId: string; roleId: string } | null>(null);
  const app = applications.data?.find((a) => a.id === selected?.appId);
  const role = app?.roles.find((r) => r.id === selected?.roleId);

  return (
    <>
      <Typography variant="h1" gutterBottom>
        Applications
      </Typography>
      {applications.isPending ? <Loading label="Chargement des applications…" /> : null}
      {applications.isError ? <ErrorAlert error={applications.error} retry={() => void applications.refetch()} /> : null}
      {applications.data ? (
        <Box
          sx={{
            display: "grid",
            gridTemplateColumns: { xs: "minmax(0, 1fr)", lg: "minmax(200px, 1fr) minmax(0, 3.4fr)" },
            gap: 2,
            alignItems: "start",
          }}
        >
          <Paper component="nav" aria-label="Applications et rôles">
            {applications.data.length === 0 ? <Typography sx={{ p: 2 }}>Vous n'administrez aucune application.</Typography> : null}
            <List>
              {applications.data.map((a) => {
                const expanded = open.includes(a.id);
                return (
                  <ListItem key={a.id} disablePadding sx={{ display: "block" }}>
                    <ListItemButton
                      aria-expanded={expanded}
                      onClick={() => setOpen(expanded ? open.filter((id) => id !== a.id) : [...open, a.id])}
                    >
                      {expanded ? <ExpandMoreIcon aria-hidden /> : <ChevronRightIcon aria-hidden />}
                      <ListItemText primary={a.name} secondary={`${a.roles.length} rôle${a.roles.length > 1 ? "s" : ""}`} sx={{ ml: 1 }} />
                    </ListItemButton>
                    <Collapse in={expanded}>
                      <List disablePadding aria-label={`Rôles ${ofName(a.name)}`}>
                        {a.roles.map((r) => (
                          <ListItem key={r.id} disablePadding>
                            <ListItemButton
                              sx={{ pl: 6 }}
                              selected={selected?.roleId === r.id}
                              aria-current={selected?.roleId === r.id ? "true" : undefined}
                              onClick={() => setSelected({ appId: a.id, roleId: r.id })}
                            >
                              <ListItemText primary={r.label} secondary={`${r.memberCount} membre${r.memberCount > 1 ? "s" : ""}`} />
                            </ListItemButton>
                          </ListItem>
                        ))}
                      </List>
                    </Collapse>
                  </ListItem>
                );
              })}
            </List>
          </Paper>
          {app && role ? (
            <RoleMembers key={role.id} application={app} role={role} />
          ) : (
            <Paper sx={{ p: 3 }}>
              <Typography>
                Déployez une application avec sa petite flèche, puis sélectionnez un rôle pour voir et gérer ses membres.
              </Typography>
            </Paper>
          )}
        </Box>
      ) : null}
    </>
  );
}
