import { Divider, Drawer, List, ListItemButton, ListItemIcon, ListItemText, ListSubheader, Toolbar } from "@mui/material";
import PersonAddIcon from "@mui/icons-material/PersonAdd";
import PeopleIcon from "@mui/icons-material/People";
import AccountTreeIcon from "@mui/icons-material/AccountTree";
import AppsIcon from "@mui/icons-material/Apps";
import BadgeIcon from "@mui/icons-material/Badge";
import SettingsIcon from "@mui/icons-material/Settings";
import HistoryIcon from "@mui/icons-material/History";
import AccountCircleIcon from "@mui/icons-material/AccountCircle";
import { NavLink } from "react-router";
import type { ReactNode } from "react";
import { capabilities, useMe } from "../api/hooks";

export const DRAWER_WIDTH = 250;

function Item({ to, label, icon }: { to: string; label: string; icon: ReactNode }) {
  return (
    <ListItemButton
      component={NavLink}
      to={to}
      sx={{ "&.active": { bgcolor: "action.selected", fontWeight: 600, borderLeft: "4px solid", borderColor: "primary.main" } }}
    >
      <ListItemIcon aria-hidden>{icon}</ListItemIcon>
      <ListItemText primary={label} />
    </ListItemButton>
  );
}

export function SideMenu() {
  const { data: me } = useMe();
  const { isCigAdmin, isReferent } = capabilities(me);
  return (
    <Drawer
      variant="permanent"
      sx={{ width: DRAWER_WIDTH, flexShrink: 0, "& .MuiDrawer-paper": { width: DRAWER_WIDTH, boxSizing: "border-box" } }}
    >
      <Toolbar />
      <nav aria-label="Menu principal">
        <List>
          {isReferent ? (
            <>
              <Item to="/creer-un-utilisateur" label="Créer un utilisateur" icon={<PersonAddIcon />} />
              <Item to="/utilisateurs" label="Utilisateurs" icon={<PeopleIcon />} />
              <Item to="/structures" label="Structures" icon={<AccountTreeIcon />} />
              <Item to="/applications" label="Applications" icon={<AppsIcon />} />
            </>
          ) : (
            <Item to="/profil" label="Mon profil" icon={<AccountCircleIcon />} />
          )}
        </List>
        {isCigAdmin ? (
          <>
            <Divider />
            <List subheader={<ListSubheader component="div">Administration CIG</ListSubheader>}>
              <Item to="/admin/referents" label="Référents" icon={<BadgeIcon />} />
              <Item to="/admin/applications" label="Paramètres des applications" icon={<SettingsIcon />} />
              <Item to="/admin/journal" label="Journal d'audit" icon={<HistoryIcon />} />
            </List>
          </>
        ) : null}
      </nav>
    </Drawer>
  );
}
