// Responses of the admin API for the component tests. Each one is parsed with the shared
// contract's schema, so a test cannot drift from what the API really answers.
import {
  ApplicationList,
  AssignResult,
  EmailCheckResult,
  ERRORS,
  Me,
  Problem,
  StructureTree,
  UserCard,
  UsersPage,
  problemType,
  type ErrorCode,
} from "@convergences/contract";

export const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

export const S = { root: id(1), collectivites: id(2), lhay: id(3), dg: id(4), agrh: id(5) };
export const structures = StructureTree.parse({
  roots: [S.root],
  nodes: [
    {
      id: S.root,
      code: "cig-pc",
      name: "cig-pc",
      kind: "CIG",
      parentId: null,
      depth: 0,
      path: "cig-pc",
      memberCount: 0,
      childCount: 1,
      editable: false,
      version: 1,
    },
    {
      id: S.collectivites,
      code: "collectivites",
      name: "collectivites",
      kind: "GROUPE",
      parentId: S.root,
      depth: 1,
      path: "cig-pc / collectivites",
      memberCount: 0,
      childCount: 1,
      editable: false,
      version: 1,
    },
    {
      id: S.lhay,
      code: "94-lhay",
      name: "L'Haÿ-les-Roses",
      kind: "COLLECTIVITE",
      parentId: S.collectivites,
      depth: 2,
      path: "cig-pc / collectivites / L'Haÿ-les-Roses",
      memberCount: 3,
      childCount: 1,
      editable: true,
      version: 1,
    },
    {
      id: S.dg,
      code: "94-lhay-dg",
      name: "Direction générale",
      kind: "DIRECTION",
      parentId: S.lhay,
      depth: 3,
      path: "cig-pc / collectivites / L'Haÿ-les-Roses / Direction générale",
      memberCount: 0,
      childCount: 1,
      editable: true,
      version: 1,
    },
    {
      id: S.agrh,
      code: "94-lhay-dg-rh-agrh",
      name: "DirG RH AGRH",
      kind: "SERVICE",
      parentId: S.dg,
      depth: 4,
      path: "cig-pc / collectivites / L'Haÿ-les-Roses / Direction générale / DirG RH AGRH",
      memberCount: 12,
      childCount: 0,
      editable: true,
      version: 1,
    },
  ],
});

export const A = { bip: id(100), netcap: id(200) };
export const R = { bipConsultation: id(101), bipGestionnaire: id(102), capGestionnaire: id(201), capConsultation: id(202) };
export const applications = ApplicationList.parse({
  items: [
    {
      id: A.bip,
      code: "bip",
      name: "BIP",
      description: null,
      tileLabel: "BIP",
      tileColor: null,
      roles: [
        { id: R.bipConsultation, code: "consultation", label: "Consultation BIP", description: null, memberCount: 4 },
        { id: R.bipGestionnaire, code: "gestionnaire", label: "Gestionnaire BIP", description: null, memberCount: 2 },
      ],
    },
    {
      id: A.netcap,
      code: "netcap",
      name: "Net-CAP",
      description: null,
      tileLabel: "Net-CAP",
      tileColor: null,
      roles: [
        { id: R.capGestionnaire, code: "gestionnaire-cap", label: "Gestionnaire CAP coll./EP", description: null, memberCount: 1 },
        { id: R.capConsultation, code: "consultation", label: "Consultation CAP", description: null, memberCount: 0 },
      ],
    },
  ],
});

const agrh = { id: S.agrh, name: "DirG RH AGRH", path: structures.nodes[4]!.path };

/** What the référent of the agent's home may do (the API's answer; other cases override parts). */
export const everything = {
  editIdentity: true,
  lock: true,
  resetPassword: true,
  photo: true,
  manageRoles: true,
  attach: true,
  moveMembership: true,
  remove: "erase" as const,
};
/** What another body's référent may do on an agent he shares with it: his part only. */
export const myPartOnly = {
  editIdentity: false,
  lock: false,
  resetPassword: false,
  photo: false,
  manageRoles: true,
  attach: true,
  moveMembership: true,
  remove: "detach" as const,
};

export function userCard(overrides: Partial<Record<string, unknown>> = {}) {
  return UserCard.parse({
    id: id(500),
    email: "jean.dupont@lhay.fr",
    identifiant: "jean.dupont@lhay.fr",
    lastName: "DUPONT",
    firstName: "Jean",
    structure: agrh,
    service: "Ressources humaines",
    fonction: "Gestionnaire RH",
    locked: false,
    hasPhoto: false,
    validFrom: null,
    validUntil: null,
    lastLoginAt: null,
    phone: "01 02 03 04 05",
    postalAddress: null,
    teleworking: false,
    appIdentifier: null,
    lockedReason: null,
    photoUrl: null,
    otherStructures: [],
    roles: [],
    hasPassword: true,
    version: 3,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    alsoElsewhere: false,
    isHome: true,
    ...overrides,
    permissions: { ...everything, ...(overrides.permissions as object | undefined) },
  });
}

export function summary(n: number, overrides: Partial<Record<string, unknown>> = {}) {
  return {
    id: id(1000 + n),
    email: `agent${n}@lhay.fr`,
    identifiant: `agent${n}@lhay.fr`,
    lastName: `NOM${n}`,
    firstName: `Prénom${n}`,
    structure: agrh,
    service: null,
    fonction: null,
    locked: false,
    hasPhoto: false,
    validFrom: null,
    validUntil: null,
    lastLoginAt: null,
    alsoElsewhere: false,
    ...overrides,
  };
}

export const usersPage = (items: ReturnType<typeof summary>[], total = items.length, page = 1, pageSize = 20) =>
  UsersPage.parse({ items, total, page, pageSize });

export const me = Me.parse({
  profile: userCard({
    id: id(900),
    email: "wonder.woman@yopmail.com",
    identifiant: "wonder.woman@yopmail.com",
    lastName: "WOMAN",
    firstName: "Wonder",
  }),
  cigAdmin: false,
  mandates: [],
  can: { manageUsers: true, manageStructures: true, manageApplications: true, manageMandates: false, readAudit: true },
  administeredApplications: [{ id: A.bip, code: "bip", name: "BIP" }],
  administeredStructures: [{ id: S.lhay, name: "L'Haÿ-les-Roses", path: structures.nodes[2]!.path }],
});

export const emailAvailable = EmailCheckResult.parse({
  status: "available",
  message: "Aucun compte utilisateur n'existe avec cette adresse email",
});
/** The email check says only the structure (name and path): never the account's id or names. */
export const emailExists = EmailCheckResult.parse({
  status: "exists",
  message: "corres.cig@gmail.com existe déjà dans la structure Nanterre : cig-pc / collectivites / Nanterre",
  structure: { name: "Nanterre", path: "cig-pc / collectivites / Nanterre" },
});
export const emailInMyScope = EmailCheckResult.parse({
  status: "exists-in-my-scope",
  message:
    "jean.dupont@lhay.fr existe déjà dans la structure DirG RH AGRH : cig-pc / collectivites / L'Haÿ-les-Roses / Direction générale / DirG RH AGRH",
  structure: { name: "DirG RH AGRH", path: "cig-pc / collectivites / L'Haÿ-les-Roses / Direction générale / DirG RH AGRH" },
});

export const assignResult = (ids: string[]) =>
  AssignResult.parse({
    assigned: ids,
    alreadyAssigned: [],
    refused: [],
    message: ids.length > 1 ? `${ids.length} utilisateurs ont été affectés au rôle.` : "1 utilisateur a été affecté au rôle.",
  });

export function problem(code: ErrorCode, errors?: { path: string; message: string }[]) {
  const { status, message } = ERRORS[code];
  return { status, body: Problem.parse({ type: problemType(code), title: message, status, detail: message, code, errors }) };
}
