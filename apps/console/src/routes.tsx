// Each screen is its own chunk, loaded on first visit: the initial download stays small.
import { createBrowserRouter, Navigate } from "react-router";
import { Layout } from "./layout/Layout";
import { capabilities, useMe } from "./api/hooks";
import { RouteError } from "./pages/RouteError";

function Home() {
  const { data: me } = useMe();
  return <Navigate to={capabilities(me).isReferent ? "/creer-un-utilisateur" : "/profil"} replace />;
}

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

// Created after sign-in (not at import): the OIDC callback has put the address back by then.
export const createRouter = () =>
  createBrowserRouter(
    [
      {
        path: "/",
        element: <Layout />,
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Home /> },
          { path: "callback", element: <Home /> },
          { path: "creer-un-utilisateur", lazy: page(() => import("./pages/create-user/CreateUserPage")) },
          { path: "utilisateurs", lazy: page(() => import("./pages/users/UsersPage")) },
          { path: "utilisateurs/:id", lazy: page(() => import("./pages/users/UserCardPage")) },
          { path: "structures", lazy: page(() => import("./pages/structures/StructuresPage")) },
          { path: "applications", lazy: page(() => import("./pages/applications/ApplicationsPage")) },
          { path: "profil", lazy: page(() => import("./pages/profile/ProfilePage")) },
          { path: "admin/referents", lazy: page(() => import("./pages/admin/ReferentsPage")) },
          { path: "admin/applications", lazy: page(() => import("./pages/admin/ApplicationSettingsPage")) },
          { path: "admin/journal", lazy: page(() => import("./pages/admin/AuditPage")) },
          { path: "guide", lazy: page(() => import("./pages/info/GuidePage")) },
          { path: "accessibilite", lazy: page(() => import("./pages/info/AccessibilityPage")) },
          { path: "*", lazy: page(() => import("./pages/info/NotFoundPage")) },
        ],
      },
    ],
    { basename: import.meta.env.BASE_URL.replace(/\/$/, "") },
  );
