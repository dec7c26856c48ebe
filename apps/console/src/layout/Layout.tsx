import { Suspense } from "react";
import { Box, Link, Toolbar } from "@mui/material";
import { Link as RouterLink, Outlet } from "react-router";
import { Header } from "./Header";
import { DRAWER_WIDTH, SideMenu } from "./SideMenu";
import { useMe } from "../api/hooks";
import { ErrorAlert, Loading } from "../components/QueryState";

export function Layout() {
  const me = useMe();
  return (
    <Box sx={{ display: "flex", minHeight: "100vh" }}>
      <a
        href="#contenu"
        className="skip-link"
        style={{ position: "absolute", left: -9999 }}
        onFocus={(e) => (e.currentTarget.style.left = "8px")}
        onBlur={(e) => (e.currentTarget.style.left = "-9999px")}
      >
        Aller au contenu
      </a>
      <Header />
      <SideMenu />
      <Box sx={{ flexGrow: 1, display: "flex", flexDirection: "column", minWidth: 0 }}>
        <Toolbar />
        <Box component="main" id="contenu" tabIndex={-1} sx={{ flexGrow: 1, p: 3, maxWidth: `calc(100vw - ${DRAWER_WIDTH}px)` }}>
          {me.isPending ? (
            <Loading label="Chargement de votre profil…" />
          ) : me.isError ? (
            <ErrorAlert error={me.error} retry={() => void me.refetch()} />
          ) : (
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          )}
        </Box>
        <Box
          component="footer"
          sx={{ display: "flex", gap: 3, px: 3, py: 1.5, borderTop: 1, borderColor: "divider", bgcolor: "background.paper" }}
        >
          <Link component={RouterLink} to="/guide">
            Guide utilisateur
          </Link>
          <Link component={RouterLink} to="/accessibilite">
            Accessibilité : partiellement conforme
          </Link>
        </Box>
      </Box>
    </Box>
  );
}
