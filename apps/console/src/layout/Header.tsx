import { useId, useState } from "react";
import { AppBar, Box, IconButton, Menu, MenuItem, Toolbar, Typography } from "@mui/material";
import { useNavigate } from "react-router";
import { useMe } from "../api/hooks";
import { AuthedAvatar } from "../components/AuthedAvatar";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { signOut } from "../auth/oidc";

export function Header() {
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const menuId = useId();
  const name = me?.profile ? `${me.profile.firstName} ${me.profile.lastName.toUpperCase()}` : "";

  return (
    <AppBar position="fixed" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
      <Toolbar sx={{ gap: 2 }}>
        <Box component="img" src={`${import.meta.env.BASE_URL}logo-cig.svg`} alt="CIG Petite Couronne" sx={{ height: 36 }} />
        <Typography variant="h6" component="p" sx={{ fontWeight: 700, flexGrow: 1 }}>
          Convergences
        </Typography>
        {me?.profile ? <Typography component="p">Bienvenue, {name}</Typography> : null}
        <IconButton
          aria-label="Menu du compte"
          aria-controls={anchor ? menuId : undefined}
          aria-haspopup="menu"
          aria-expanded={anchor ? "true" : undefined}
          onClick={(e) => setAnchor(e.currentTarget)}
          sx={{ p: 0.5 }}
        >
          <AuthedAvatar url={me?.profile?.photoUrl} name={name} sx={{ bgcolor: "secondary.main" }} />
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
        Voulez-vous vraiment vous déconnecter de l'annuaire ? Vous reviendrez au portail Convergences.
      </ConfirmDialog>
    </AppBar>
  );
}
