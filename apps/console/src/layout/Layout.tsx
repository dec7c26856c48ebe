import { Suspense, useState } from "react";
import { Box, Link, Toolbar, useMediaQuery, useTheme } from "@mui/material";
import { Link as RouterLink, Outlet } from "react-router";
import { Header } from "./Header";
import { SideMenu } from "./SideMenu";
import { useMe } from "../api/hooks";
import { ErrorAlert, Loading } from "../components/QueryState";

// From `md` up the side menu is always there, beside the content; below it is a temporary drawer
// opened from the banner, so that a phone's whole width goes to the content. The content column
// never grows wider than what is left of the viewport (minWidth 0): wide tables scroll inside
// themselves, never the page.
export function Layout() {
  const me = useMe();
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up("md"), { noSsr: true });
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <Box sx={{ display: "flex", minHeight: "100vh", maxWidth: "100vw" }}>
      <a
        href="#contenu"
        className="skip-link"
        style={{ position: "absolute", left: -9999 }}
        onFocus={(e) => (e.currentTarget.style.left = "8px")}
        onBlur={(e) => (e.currentTarget.style.left = "-9999px")}
      >
        Aller au contenu
      </a>
      <Header menuButton={!wide} menuOpen={menuOpen} onMenu={() => setMenuOpen((open) => !open)} />
      <SideMenu variant={wide ? "permanent" : "temporary"} open={wide || menuOpen} onClose={() => setMenuOpen(false)} />
      <Box sx={{ flexGrow: 1, display: "flex", flexDirection: "column", minWidth: 0 }}>
        <Toolbar />
        <Box component="main" id="contenu" tabIndex={-1} sx={{ flexGrow: 1, p: { xs: 1.5, sm: 2, md: 3 }, minWidth: 0 }}>
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
          sx={{
            display: "flex",
            flexWrap: "wrap",
            gap: { xs: 1, sm: 3 },
            px: { xs: 1.5, md: 3 },
            py: 1.5,
            borderTop: 1,
            borderColor: "divider",
            bgcolor: "background.paper",
          }}
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
