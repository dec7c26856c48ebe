// The roles of an application, in its settings (CIG administrators): the list, « Ajouter un rôle »,
// « Modifier » each one.
import { ofName } from "@convergences/contract";
import { useState } from "react";
import { Button, IconButton, List, ListItem, ListItemText, Stack, Typography } from "@mui/material";
import AddIcon from "@mui/icons-material/Add";
import EditIcon from "@mui/icons-material/Edit";
import type { ApplicationDetail, Role } from "../../api/types";
import { RoleDialog } from "./RoleDialog";

export function RolesEditor({ app }: { app: ApplicationDetail }) {
  const [editing, setEditing] = useState<Role | "new" | null>(null);
  return (
    <section aria-labelledby="roles-title">
      <Stack direction="row" sx={{ alignItems: "center", mt: 3, mb: 1 }}>
        <Typography id="roles-title" variant="h3" component="h3" sx={{ flexGrow: 1 }}>
          Rôles
        </Typography>
        <Button variant="outlined" startIcon={<AddIcon />} onClick={() => setEditing("new")}>
          Ajouter un rôle
        </Button>
      </Stack>
      {app.roles.length === 0 ? <Typography>Aucun rôle : tout compte actif peut entrer dans cette application.</Typography> : null}
      <List dense aria-label={`Rôles ${ofName(app.name)}`}>
        {app.roles.map((r) => (
          <ListItem
            key={r.id}
            secondaryAction={
              <IconButton edge="end" aria-label={`Modifier le rôle ${r.label}`} onClick={() => setEditing(r)}>
                <EditIcon />
              </IconButton>
            }
          >
            <ListItemText
              primary={`${r.label} (${r.code})`}
              secondary={[r.description, `${r.memberCount} membre${r.memberCount > 1 ? "s" : ""}`].filter(Boolean).join(" — ")}
            />
          </ListItem>
        ))}
      </List>
      {editing ? <RoleDialog application={app} role={editing === "new" ? undefined : editing} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}
