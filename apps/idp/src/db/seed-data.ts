// The demo directory of a first start: the CIG tree of the guide, the applications of its annex
// (+ the AIA console) with their roles, one CIG administrator, référents and agents.

export type Kind = "CIG" | "GROUPE" | "COLLECTIVITE" | "ETABLISSEMENT" | "DIRECTION" | "SERVICE";
export interface SeedNode {
  code: string;
  name: string;
  kind: Kind;
  children?: SeedNode[];
}

const directions = (code: string): SeedNode[] => [
  {
    code: `${code}-dg`,
    name: "Direction générale",
    kind: "DIRECTION",
    children: [
      { code: `${code}-dg-rh-agrh`, name: "DirG RH AGRH", kind: "SERVICE" },
      { code: `${code}-dg-rh-paie`, name: "DirG RH Paie et carrières", kind: "SERVICE" },
    ],
  },
  {
    code: `${code}-finances`,
    name: "Direction des finances",
    kind: "DIRECTION",
    children: [{ code: `${code}-finances-compta`, name: "Service comptabilité", kind: "SERVICE" }],
  },
];

const body = (code: string, name: string, kind: Kind = "COLLECTIVITE"): SeedNode => ({ code, name, kind, children: directions(code) });

export const TREE: SeedNode = {
  code: "cig-pc",
  name: "cig-pc",
  kind: "CIG",
  children: [
    {
      code: "cig-dsi",
      name: "Direction des systèmes d'information",
      kind: "DIRECTION",
      children: [{ code: "cig-dsi-correspondants", name: "Correspondants Convergences", kind: "SERVICE" }],
    },
    {
      code: "collectivites",
      name: "collectivites",
      kind: "GROUPE",
      children: [
        // Hauts-de-Seine
        body("92-nanterre", "Nanterre"),
        body("92-boulogne", "Boulogne-Billancourt"),
        body("92-colombes", "Colombes"),
        body("92-sevres", "Sèvres"),
        // Seine-Saint-Denis
        body("93-montreuil", "Montreuil"),
        body("93-saint-denis", "Saint-Denis"),
        body("93-bobigny", "Bobigny"),
        body("93-ccas-montreuil", "CCAS de Montreuil", "ETABLISSEMENT"),
        // Val-de-Marne
        body("94-lhay-les-roses", "L'Haÿ-les-Roses"),
        body("94-vitry", "Vitry-sur-Seine"),
        body("94-creteil", "Créteil"),
        body("94-sdis-ivry", "Syndicat intercommunal d'Ivry-sur-Seine", "ETABLISSEMENT"),
      ],
    },
  ],
};

export interface SeedApplication {
  code: string;
  name: string;
  description: string;
  clientId: string;
  public: boolean;
  requiresRole: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri?: string;
  /** Scopes the client may obtain (default: openid profile email offline_access). */
  scopes?: string[];
  launchUrl: string;
  tileOrder: number;
  tileColor: string;
  roles: { code: string; label: string }[];
}

/** `base`: the server's public URL; `demoRp`: the demo relying party standing for BIP. */
export function applications(base: string, demoRp: string): SeedApplication[] {
  return [
    {
      code: "bip",
      name: "BIP",
      description: "Banque d'informations statutaires pour la gestion du personnel territorial",
      clientId: "bip",
      public: false,
      requiresRole: true,
      redirectUris: [`${demoRp}/callback`],
      postLogoutRedirectUris: [`${demoRp}/`, `${base}/`],
      backchannelLogoutUri: `${demoRp}/backchannel-logout`,
      launchUrl: `${demoRp}/`,
      tileOrder: 10,
      tileColor: "#1565c0",
      roles: [
        { code: "consultation", label: "Consultation BIP" },
        { code: "gestionnaire", label: "Gestionnaire BIP" },
      ],
    },
    {
      code: "netcap",
      name: "Net-CAP",
      description: "Gestion des commissions administratives paritaires",
      clientId: "netcap",
      public: false,
      requiresRole: true,
      redirectUris: ["https://netcap.cig929394.fr/oidc/callback"],
      postLogoutRedirectUris: [`${base}/`],
      launchUrl: "https://netcap.cig929394.fr/",
      tileOrder: 20,
      tileColor: "#2e7d32",
      roles: [
        { code: "gestionnaire-cap", label: "Gestionnaire CAP coll./EP" },
        { code: "consultation", label: "Consultation CAP" },
      ],
    },
    {
      code: "netcotisations",
      name: "Net-Cotisations",
      description: "Déclaration et suivi des cotisations",
      clientId: "netcotisations",
      public: false,
      requiresRole: true,
      redirectUris: ["https://netcotisations.cig929394.fr/oidc/callback"],
      postLogoutRedirectUris: [`${base}/`],
      launchUrl: "https://netcotisations.cig929394.fr/",
      tileOrder: 30,
      tileColor: "#6a1b9a",
      roles: [
        { code: "declarant", label: "Déclarant" },
        { code: "valideur", label: "Valideur des déclarations" },
      ],
    },
    {
      code: "site",
      name: "Site internet (contenus restreints)",
      description: "Les pages réservées du site www.cig929394.fr",
      clientId: "site-internet",
      public: false,
      requiresRole: true,
      redirectUris: ["https://www.cig929394.fr/oidc/callback"],
      postLogoutRedirectUris: [`${base}/`],
      launchUrl: "https://www.cig929394.fr/",
      tileOrder: 40,
      tileColor: "#ef6c00",
      roles: [{ code: "lecteur", label: "Lecteur des contenus restreints" }],
    },
    {
      code: "aia",
      name: "Annuaire des Identités et des Accès",
      description: "Gestion des comptes, des structures et des habilitations",
      clientId: "aia-console",
      public: true,
      requiresRole: false,
      redirectUris: [`${base}/aia/callback`, "http://localhost:5173/aia/callback"],
      postLogoutRedirectUris: [`${base}/`, `${base}/aia/`],
      // `aia`: access tokens for the admin API on behalf of the signed-in person.
      scopes: ["openid", "profile", "email", "offline_access", "aia"],
      launchUrl: `${base}/aia/`,
      tileOrder: 0,
      tileColor: "#00796b",
      roles: [],
    },
  ];
}

export interface SeedPerson {
  email: string;
  firstName: string;
  lastName: string;
  structure: string;
  fonction?: string;
  cigAdmin?: boolean;
  referentOf?: { structure: string; applications: string[] }[];
  roles?: { application: string; role: string; structure?: string }[];
}

/** The demo relying party's secret of the seeded "bip" client, on the embedded development default only (demoClientSecrets). */
export const DEMO_BIP_SECRET = "demo-bip-secret-a-changer-en-production";

const CIG_ADMIN_EMAIL = "correspondantcig@cig929394.fr";

export const PEOPLE: SeedPerson[] = [
  {
    email: CIG_ADMIN_EMAIL,
    firstName: "Claire",
    lastName: "MARTIN",
    structure: "cig-dsi-correspondants",
    fonction: "Correspondante CIG",
    cigAdmin: true,
  },
  {
    email: "wonder.woman@yopmail.com",
    firstName: "Wonder",
    lastName: "WOMAN",
    structure: "94-lhay-les-roses-dg-rh-agrh",
    fonction: "Responsable RH",
    referentOf: [{ structure: "94-lhay-les-roses", applications: ["bip", "netcap"] }],
    roles: [{ application: "netcap", role: "gestionnaire-cap" }],
  },
  {
    email: "paul.durand@montreuil.fr",
    firstName: "Paul",
    lastName: "DURAND",
    structure: "93-montreuil-dg-rh-agrh",
    fonction: "Référent Convergences",
    referentOf: [
      { structure: "93-montreuil", applications: ["bip", "netcotisations"] },
      { structure: "93-ccas-montreuil", applications: ["bip"] },
    ],
    roles: [{ application: "bip", role: "gestionnaire" }],
  },
  {
    email: "sophie.bernard@nanterre.fr",
    firstName: "Sophie",
    lastName: "BERNARD",
    structure: "92-nanterre-dg",
    fonction: "DRH adjointe",
    referentOf: [{ structure: "92-nanterre", applications: ["bip", "netcap", "netcotisations", "site"] }],
    roles: [{ application: "site", role: "lecteur" }],
  },
  {
    email: "julien.petit@lhaylesroses.fr",
    firstName: "Julien",
    lastName: "PETIT",
    structure: "94-lhay-les-roses-dg-rh-agrh",
    fonction: "Gestionnaire carrières",
    roles: [
      { application: "bip", role: "consultation" },
      { application: "netcap", role: "consultation" },
    ],
  },
  {
    email: "amina.diallo@lhaylesroses.fr",
    firstName: "Amina",
    lastName: "DIALLO",
    structure: "94-lhay-les-roses-dg-rh-paie",
    fonction: "Gestionnaire paie",
    roles: [{ application: "netcotisations", role: "declarant" }],
  },
  {
    email: "marc.lefebvre@montreuil.fr",
    firstName: "Marc",
    lastName: "LEFEBVRE",
    structure: "93-montreuil-finances-compta",
    fonction: "Comptable",
    roles: [
      { application: "netcotisations", role: "valideur" },
      { application: "bip", role: "consultation" },
    ],
  },
  {
    email: "lea.moreau@nanterre.fr",
    firstName: "Léa",
    lastName: "MOREAU",
    structure: "92-nanterre-dg-rh-agrh",
    fonction: "Assistante RH",
    roles: [
      { application: "bip", role: "consultation" },
      { application: "netcap", role: "gestionnaire-cap" },
    ],
  },
  {
    email: "karim.benali@vitry.fr",
    firstName: "Karim",
    lastName: "BENALI",
    structure: "94-vitry-dg-rh-agrh",
    fonction: "Gestionnaire RH",
    roles: [{ application: "bip", role: "consultation" }],
  },
  // An agent with an account and no role: the portal shows him no application tile but the AIA.
  { email: "simple.agent@creteil.fr", firstName: "agent", lastName: "simple", structure: "94-creteil-dg" },
];
