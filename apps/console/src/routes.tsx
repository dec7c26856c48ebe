// Each screen is its own chunk, loaded on first visit: the initial download stays small.
import { createBrowserRouter, Navigate, Outlet } from "react-router";
import { Layout } from "./layout/Layout";
import { capabilities, useMe } from "./api/hooks";
import { RouteError } from "./pages/RouteError";
import { ForbiddenPage } from "./pages/info/ForbiddenPage";
import type { Me } from "@convergences/contract";

function Home() {
  const { data: me } = useMe();
  return <Navigate to={capabilities(me).isReferent ? "/creer-un-utilisateur" : "/profil"} replace />;
}

/** The screens below open only for who may use them (the API's `permissions` of /me); others get a French page. */
function Guard({ allow }: { allow: (me: Me | undefined) => boolean }) {
  const { data: me } = useMe();
  return allow(me) ? <Outlet /> : <ForbiddenPage />;
}
const referent = (me: Me | undefined) => capabilities(me).isReferent;
const may = (what: keyof Me["can"]) => (me: Me | undefined) => Boolean(me?.cigAdmin || me?.can[what]);

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
          {
            element: <Guard allow={referent} />,
            children: [
              { path: "creer-un-utilisateur", lazy: page(() => import("./pages/create-user/CreateUserPage")) },
              { path: "utilisateurs", lazy: page(() => import("./pages/users/UsersPage")) },
              { path: "utilisateurs/:id", lazy: page(() => import("./pages/users/UserCardPage")) },
              { path: "structures", lazy: page(() => import("./pages/structures/StructuresPage")) },
              { path: "applications", lazy: page(() => import("./pages/applications/ApplicationsPage")) },
            ],
          },
          { path: "profil", lazy: page(() => import("./pages/profile/ProfilePage")) },
          {
            element: <Guard allow={may("manageMandates")} />,
            children: [{ path: "admin/referents", lazy: page(() => import("./pages/admin/ReferentsPage")) }],
          },
          {
            element: <Guard allow={may("manageApplications")} />,
            children: [{ path: "admin/applications", lazy: page(() => import("./pages/admin/ApplicationSettingsPage")) }],
          },
          {
            element: <Guard allow={may("readAudit")} />,
            children: [{ path: "admin/journal", lazy: page(() => import("./pages/admin/AuditPage")) }],
          },
          { path: "guide", lazy: page(() => import("./pages/info/GuidePage")) },
          { path: "accessibilite", lazy: page(() => import("./pages/info/AccessibilityPage")) },
          { path: "*", lazy: page(() => import("./pages/info/NotFoundPage")) },
        ],
      },
    ],
    { basename: import.meta.env.BASE_URL.replace(/\/$/, "") },
  );
