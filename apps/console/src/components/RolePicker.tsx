// "Affecter des rôles": the applications I administer, each unfolded by its little arrow to its roles.
import { ofName } from "@convergences/contract";
import { useId, useState } from "react";
import { Box, Checkbox, Collapse, FormControlLabel, IconButton, List, ListItem, Typography } from "@mui/material";
import ExpandMoreIcon from "@mui/icons-material/ExpandMore";
import ChevronRightIcon from "@mui/icons-material/ChevronRight";
import type { ApplicationSummary } from "../api/types";

interface Props {
  applications: ApplicationSummary[];
  selected: string[];
  onChange: (roleIds: string[]) => void;
}

function ApplicationRoles({ app, selected, onChange }: { app: ApplicationSummary } & Omit<Props, "applications">) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const count = app.roles.filter((r) => selected.includes(r.id)).length;
  return (
    <ListItem disablePadding sx={{ display: "block" }}>
      <Box sx={{ display: "flex", alignItems: "center" }}>
        <IconButton
          onClick={() => setOpen(!open)}
          aria-expanded={open}
          aria-controls={listId}
          aria-label={`${open ? "Replier" : "Déplier"} les rôles ${ofName(app.name)}`}
          size="small"
        >
          {open ? <ExpandMoreIcon /> : <ChevronRightIcon />}
        </IconButton>
        <Typography component="span" sx={{ fontWeight: 600 }}>
          {app.name}
        </Typography>
        {count ? (
          <Typography component="span" variant="body2" sx={{ ml: 1, color: "text.secondary" }}>
            ({count} rôle{count > 1 ? "s" : ""} sélectionné{count > 1 ? "s" : ""})
          </Typography>
        ) : null}
      </Box>
      <Collapse in={open} id={listId}>
        <Box role="group" aria-label={`Rôles ${ofName(app.name)}`} sx={{ pl: 6, display: "flex", flexDirection: "column" }}>
          {app.roles.length === 0 ? <Typography variant="body2">Cette application n'a pas de rôle.</Typography> : null}
          {app.roles.map((role) => (
            <FormControlLabel
              key={role.id}
              control={
                <Checkbox
                  checked={selected.includes(role.id)}
                  onChange={(e) => onChange(e.target.checked ? [...selected, role.id] : selected.filter((id) => id !== role.id))}
                />
              }
              label={role.label}
            />
          ))}
        </Box>
      </Collapse>
    </ListItem>
  );
}

export function RolePicker({ applications, selected, onChange }: Props) {
  if (applications.length === 0) return <Typography>Vous n'administrez aucune application.</Typography>;
  return (
    <List aria-label="Applications dont je suis administrateur">
      {applications.map((app) => (
        <ApplicationRoles key={app.id} app={app} selected={selected} onChange={onChange} />
      ))}
    </List>
  );
}
