// Every call the console makes to the admin API, with the contract's paths and shapes.
import { paths } from "@convergences/contract";
import { api, apiWithEtag, download } from "./client";
import type {
  ApplicationDetail,
  ApplicationSummary,
  ApplicationUpdate,
  ActionResult,
  AssignResult,
  AuditPage,
  BulkDeleteResult,
  ClientSecret,
  EmailCheckResult,
  Role,
  RoleCreate,
  RoleUpdate,
  StructureCreate,
  Mandate,
  MandateCreate,
  Me,
  RoleMembersPage,
  StructureNode,
  StructureTree,
  UserCard,
  UserCreateInput,
  UserUpdateInput,
  UsersPage,
} from "./types";

type Params = Record<string, string | number | boolean | undefined | null>;
const qs = (params: Params) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : "";
};

export interface UserQuery {
  page: number;
  pageSize: number;
  q?: string;
  structureId?: string;
  subtree?: boolean;
  applicationId?: string;
  roleId?: string;
  locked?: boolean;
  sort?: string;
  order?: "asc" | "desc";
}

export interface AuditFilters {
  page: number;
  pageSize: number;
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  outcome?: "allowed" | "denied";
  from?: string;
  to?: string;
}

export const endpoints = {
  me: () => api<Me>(paths.me()),

  users: (query: UserQuery) => api<UsersPage>(`${paths.users()}${qs({ ...query })}`),
  user: (id: string) => apiWithEtag<UserCard>(paths.user(id)),
  checkEmail: (email: string) => api<EmailCheckResult>(paths.emailCheck(), { method: "POST", body: { email } }),
  createUser: (body: UserCreateInput) => api<UserCard>(paths.users(), { method: "POST", body }),
  /** « Adresse mail déjà existante dans AIA »: the account found by the email check, attached by its address. */
  attachByEmail: (email: string, structureId: string) => api<UserCard>(paths.attach(), { method: "POST", body: { email, structureId } }),
  /** One more of my structures for a person I already see. */
  attachUser: (userId: string, structureId: string) =>
    api<UserCard>(paths.userStructures(userId), { method: "POST", body: { structureId } }),
  moveMembership: (userId: string, structureId: string, toStructureId: string) =>
    api<UserCard>(paths.userStructureMove(userId, structureId), { method: "POST", body: { toStructureId } }),
  updateUser: (id: string, body: UserUpdateInput, etag: string | null) =>
    api<UserCard>(paths.user(id), { method: "PATCH", body, headers: etag ? { "If-Match": etag } : {} }),
  uploadPhoto: (id: string, file: File) =>
    api<{ message: string; photoUrl: string }>(paths.userPhoto(id), {
      method: "PUT",
      body: file,
      headers: { "Content-Type": file.type || "application/octet-stream" },
    }),
  resetPassword: (id: string) => api<ActionResult>(paths.userPasswordReset(id), { method: "POST" }),
  /** « Supprimer l'utilisateur »: removes him from my structures (the account is erased when nothing is left). */
  deleteUser: (id: string) => api<ActionResult | undefined>(paths.user(id), { method: "DELETE" }),
  deleteUsers: (userIds: string[]) => api<BulkDeleteResult>(paths.bulkDelete(), { method: "POST", body: { userIds } }),
  exportUsers: () => download(paths.exportUsers(), "utilisateurs.csv"),

  structures: () => api<StructureTree>(paths.structures()),
  structureMembers: (id: string, query: { page: number; pageSize: number; q?: string; subtree?: boolean }) =>
    api<UsersPage>(`${paths.structureMembers(id)}${qs({ ...query })}`),
  createStructure: (body: StructureCreate) => api<StructureNode>(paths.structures(), { method: "POST", body }),
  updateStructure: (id: string, body: { name: string; version?: number }) =>
    api<StructureNode>(paths.structure(id), { method: "PATCH", body }),
  moveStructure: (id: string, parentId: string, version: number) =>
    api<StructureNode>(paths.structure(id), { method: "PATCH", body: { parentId, version } }),
  deleteStructure: (id: string) => api<{ message: string }>(paths.structure(id), { method: "DELETE" }),
  exportStructure: (id: string) => download(paths.exportStructure(id), "utilisateurs-structure.csv"),

  applications: async () => (await api<{ items: ApplicationSummary[] }>(paths.applications())).items,
  application: (id: string) => api<ApplicationDetail>(paths.application(id)),
  updateApplication: (id: string, body: ApplicationUpdate) => api<ApplicationDetail>(paths.application(id), { method: "PATCH", body }),
  createRole: (appId: string, body: RoleCreate) => api<Role>(paths.roles(appId), { method: "POST", body }),
  updateRole: (appId: string, roleId: string, body: RoleUpdate) => api<Role>(paths.role(appId, roleId), { method: "PATCH", body }),
  rotateSecret: (id: string) => api<ClientSecret>(paths.applicationSecret(id), { method: "POST" }),
  roleMembers: (appId: string, roleId: string, query: { page: number; pageSize: number; q?: string }) =>
    api<RoleMembersPage>(`${paths.roleMembers(appId, roleId)}${qs({ ...query })}`),
  assign: (appId: string, roleId: string, userIds: string[], structureId?: string) =>
    api<AssignResult>(paths.roleMembers(appId, roleId), { method: "POST", body: structureId ? { userIds, structureId } : { userIds } }),
  /** Désaffecter: the role held for that structure only (a shared agent keeps what other bodies granted). */
  unassign: (appId: string, roleId: string, userId: string, structureId?: string) =>
    api<void>(`${paths.roleMember(appId, roleId, userId)}${qs({ structureId })}`, { method: "DELETE" }),
  reassign: (appId: string, roleId: string, userId: string, toRoleId: string) =>
    api<unknown>(paths.roleMemberReassign(appId, roleId, userId), { method: "POST", body: { toRoleId } }),
  exportRole: (appId: string, roleId: string) => download(paths.exportRole(appId, roleId), "utilisateurs-role.csv"),

  mandates: (query: { structureId?: string } = {}) => api<{ items: Mandate[] }>(`${paths.mandates()}${qs(query)}`).then((r) => r.items),
  createMandate: (body: MandateCreate) => api<Mandate>(paths.mandates(), { method: "POST", body }),
  updateMandateApplications: (id: string, applicationIds: string[]) =>
    api<Mandate>(paths.mandateApplications(id), { method: "PUT", body: { applicationIds } }),
  deleteMandate: (id: string) => api<void>(paths.mandate(id), { method: "DELETE" }),

  audit: (query: AuditFilters) => api<AuditPage>(`${paths.audit()}${qs({ ...query })}`),
};
