import { Divider, Drawer, List, ListItem, ListItemButton, ListItemIcon, ListItemText, ListSubheader, Toolbar } from "@mui/material";
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

function MenuItemLink({ to, label, icon, onClick }: { to: string; label: string; icon: ReactNode; onClick?: () => void }) {
  return (
    <ListItem disablePadding>
      <ListItemButton
        component={NavLink}
        to={to}
        onClick={onClick}
        sx={{ "&.active": { bgcolor: "action.selected", fontWeight: 600, borderLeft: "4px solid", borderColor: "primary.main" } }}
      >
        <ListItemIcon aria-hidden>{icon}</ListItemIcon>
        <ListItemText primary={label} />
      </ListItemButton>
    </ListItem>
  );
}

interface Props {
  /** "permanent" beside the content from `md` up; "temporary" (over the content, closed by default) below. */
  variant: "permanent" | "temporary";
  open: boolean;
  onClose: () => void;
}

export function SideMenu({ variant, open, onClose }: Props) {
  const { data: me } = useMe();
  const { isCigAdmin, isReferent } = capabilities(me);
  // On a phone, choosing a screen closes the drawer.
  const close = variant === "temporary" ? onClose : undefined;
  return (
    <Drawer
      id="menu-principal"
      variant={variant}
      open={open}
      onClose={onClose}
      ModalProps={{ keepMounted: false }}
      sx={{
        width: variant === "permanent" ? DRAWER_WIDTH : undefined,
        flexShrink: 0,
        "& .MuiDrawer-paper": { width: DRAWER_WIDTH, maxWidth: "85vw", boxSizing: "border-box" },
      }}
    >
      {/* The banner stays above the drawer (its button closes it): the list starts below it. */}
      <Toolbar />
      <nav aria-label="Menu principal">
        <List>
          {isReferent ? (
            <>
              <MenuItemLink onClick={close} to="/creer-un-utilisateur" label="Créer un utilisateur" icon={<PersonAddIcon />} />
              <MenuItemLink onClick={close} to="/utilisateurs" label="Utilisateurs" icon={<PeopleIcon />} />
              <MenuItemLink onClick={close} to="/structures" label="Structures" icon={<AccountTreeIcon />} />
              <MenuItemLink onClick={close} to="/applications" label="Applications" icon={<AppsIcon />} />
            </>
          ) : (
            <MenuItemLink onClick={close} to="/profil" label="Mon profil" icon={<AccountCircleIcon />} />
          )}
        </List>
        {isCigAdmin ? (
          <>
            <Divider />
            <ListSubheader component="p" id="menu-administration" sx={{ m: 0 }}>
              Administration CIG
            </ListSubheader>
            <List aria-labelledby="menu-administration">
              <MenuItemLink onClick={close} to="/admin/referents" label="Référents" icon={<BadgeIcon />} />
              <MenuItemLink onClick={close} to="/admin/applications" label="Paramètres des applications" icon={<SettingsIcon />} />
              <MenuItemLink onClick={close} to="/admin/journal" label="Journal d'audit" icon={<HistoryIcon />} />
            </List>
          </>
        ) : null}
      </nav>
    </Drawer>
  );
}
