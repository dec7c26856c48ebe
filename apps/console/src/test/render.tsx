import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { ThemeProvider } from "@mui/material";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import { theme } from "../theme";
import { NotifierProvider } from "../components/Notifier";

/** Renders a screen with what the console wraps it in (theme, queries, notices, router). */
export function renderScreen(ui: ReactElement, { route = "/" } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } });
  return render(
    <ThemeProvider theme={theme}>
      <QueryClientProvider client={client}>
        <NotifierProvider>
          <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
        </NotifierProvider>
      </QueryClientProvider>
    </ThemeProvider>,
  );
}
