// Nothing of the console renders before the person is signed in: the callback is processed, or
// the browser goes to the provider's login (silently when an SSO session exists).
import { useEffect, useState, type ReactNode } from "react";
import { Alert, Box, Button, CircularProgress, Typography } from "@mui/material";
import { basePath, setCurrentUser, signIn, userManager } from "./oidc";
import { configureApi } from "../api/client";
import { accessToken } from "./oidc";

type State = { kind: "loading" } | { kind: "ready" } | { kind: "error"; message: string };

function currentPath(): string {
  const { pathname, search, hash } = window.location;
  return `${pathname}${search}${hash}`;
}

/**
 * Processes the callback or leaves for the provider — once per page load, even when React runs the
 * gate's effect twice (StrictMode in development): a second redirect would race the first one and
 * the code would come back for a state whose PKCE verifier no longer matches. true: signed in.
 */
let started: Promise<boolean> | null = null;
function start(): Promise<boolean> {
  started ??= (async () => {
    const manager = userManager();
    if (window.location.pathname === `${basePath}/callback`) {
      const user = await manager.signinRedirectCallback();
      setCurrentUser(user);
      const back = user.url_state?.startsWith(`${basePath}/`) ? user.url_state : `${basePath}/`;
      window.history.replaceState(null, "", back);
      return true;
    }
    const user = await manager.getUser();
    if (user && !user.expired) {
      setCurrentUser(user);
      return true;
    }
    await signIn(currentPath());
    return false; // the browser is on its way to the provider
  })();
  return started;
}

/**
 * A référent or CIG administrator whose token lacks a second factor: back through the provider, whose
 * login then asks for the second factor or takes him to enrolment. Once a minute at most (no loop
 * should the token still lack it: the page then shows the API's message).
 */
function mfaSignIn() {
  const last = Number(window.sessionStorage.getItem("mfa-sign-in") ?? 0);
  if (Date.now() - last < 60_000) return;
  window.sessionStorage.setItem("mfa-sign-in", String(Date.now()));
  void signIn(currentPath());
}

export function AuthGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ kind: "loading" });

  useEffect(() => {
    let cancelled = false;
    configureApi({ getToken: accessToken, onMfaRequired: mfaSignIn });
    start().then(
      (ready) => {
        if (ready && !cancelled) setState({ kind: "ready" });
      },
      (error: unknown) => {
        const detail = error instanceof Error ? error.message : String(error);
        if (!cancelled) setState({ kind: "error", message: detail });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  if (state.kind === "ready") return <>{children}</>;
  if (state.kind === "error") {
    return (
      <Box component="main" sx={{ p: 4, maxWidth: 640, mx: "auto" }}>
        <Typography variant="h4" component="h1" gutterBottom>
          Connexion impossible
        </Typography>
        <Alert severity="error" sx={{ mb: 2 }}>
          La connexion à l'annuaire n'a pas pu aboutir. Réessayez ; si le problème persiste, contactez correspondantCIG@cig929394.fr.
          <Box component="span" sx={{ display: "block", mt: 1, fontSize: "0.85em" }}>
            Détail : {state.message}
          </Box>
        </Alert>
        <Button variant="contained" onClick={() => void signIn(`${basePath}/`)}>
          Se reconnecter
        </Button>
      </Box>
    );
  }
  return (
    <Box role="status" sx={{ display: "flex", alignItems: "center", gap: 2, p: 4 }}>
      <CircularProgress size={24} aria-hidden />
      <Typography>Connexion à l'annuaire en cours…</Typography>
    </Box>
  );
}
