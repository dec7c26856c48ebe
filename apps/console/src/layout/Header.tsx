import { useId, useState } from "react";
import { AppBar, Box, IconButton, Menu, MenuItem, Toolbar, Typography } from "@mui/material";
import MenuIcon from "@mui/icons-material/Menu";
import { useNavigate } from "react-router";
import { useMe } from "../api/hooks";
import { AuthedAvatar } from "../components/AuthedAvatar";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { signOut } from "../auth/oidc";

interface Props {
  /** Below `md` the side menu is a drawer opened from here. */
  menuButton: boolean;
  menuOpen: boolean;
  onMenu: () => void;
}

export function Header({ menuButton, menuOpen, onMenu }: Props) {
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const menuId = useId();
  const name = me?.profile ? `${me.profile.firstName} ${me.profile.lastName.toUpperCase()}` : "";

  return (
    <AppBar position="fixed" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
      <Toolbar sx={{ gap: { xs: 1, sm: 2 }, px: { xs: 1, sm: 2 } }}>
        {menuButton ? (
          <IconButton
            color="inherit"
            edge="start"
            aria-label="Ouvrir le menu principal"
            aria-controls="menu-principal"
            aria-expanded={menuOpen}
            onClick={onMenu}
          >
            <MenuIcon />
          </IconButton>
        ) : null}
        <Box
          component="img"
          src={`${import.meta.env.BASE_URL}logo-cig.svg`}
          alt="CIG Petite Couronne"
          sx={{ height: { xs: 28, sm: 36 }, flexShrink: 0 }}
        />
        <Typography variant="h6" component="p" sx={{ fontWeight: 700, display: { xs: "none", sm: "block" } }}>
          Convergences
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        {me?.profile ? (
          <Typography component="p" noWrap sx={{ minWidth: 0, fontSize: { xs: "0.875rem", sm: "1rem" } }}>
            Bienvenue, {name}
          </Typography>
        ) : null}
        <IconButton
          aria-label="Menu du compte"
          aria-controls={anchor ? menuId : undefined}
          aria-haspopup="menu"
          aria-expanded={anchor ? "true" : undefined}
          onClick={(e) => setAnchor(e.currentTarget)}
          sx={{ p: 0.5, flexShrink: 0 }}
        >
          <AuthedAvatar url={me?.profile?.photoUrl} name={name} initials={false} sx={{ bgcolor: "secondary.main" }} />
        </IconButton>
        <Menu id={menuId} anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
          <MenuItem
            onClick={() => {
              setAnchor(null);
              void navigate("/profil");
            }}
          >
            Profil
          </MenuItem>
          <MenuItem
            onClick={() => {
              setAnchor(null);
              setConfirming(true);
            }}
          >
            Déconnexion
          </MenuItem>
        </Menu>
      </Toolbar>
      <ConfirmDialog
        open={confirming}
        title="Déconnexion"
        confirmLabel="Se déconnecter"
        pending={leaving}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setLeaving(true);
          void signOut();
        }}
      >
        Voulez-vous vraiment vous déconnecter de l'annuaire ? Vous reviendrez au portail des applications auxquelles vous êtes autorisé(e) à
        vous connecter ; pour fermer votre session Convergences, utilisez ensuite « Se déconnecter » sur le portail.
      </ConfirmDialog>
    </AppBar>
  );
}
