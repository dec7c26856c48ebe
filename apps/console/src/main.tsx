import { cspNonce } from "./csp";
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { CssBaseline, ThemeProvider } from "@mui/material";
import createCache from "@emotion/cache";
import { CacheProvider } from "@emotion/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router";
import { theme } from "./theme";
import { AuthGate } from "./auth/AuthGate";
import { createRouter } from "./routes";
import { NotifierProvider } from "./components/Notifier";
import { ApiError } from "./api/client";

function Router() {
  const [router] = useState(createRouter);
  return <RouterProvider router={router} />;
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Refusals and missing items do not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

// The server's CSP lets in only the styles that carry the page's nonce.
const emotionCache = createCache({ key: "mui", nonce: cspNonce, prepend: true });

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <CacheProvider value={emotionCache}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <AuthGate>
          <QueryClientProvider client={queryClient}>
            <NotifierProvider>
              <Router />
            </NotifierProvider>
          </QueryClientProvider>
        </AuthGate>
      </ThemeProvider>
    </CacheProvider>
  </StrictMode>,
);
