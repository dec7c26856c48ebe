// French labels of the guide, for forms, tables, CSV headers and error messages.
export const USER_FIELD_LABELS = {
  photo: "Photo",
  email: "Adresse mail",
  identifiant: "Identifiant",
  lastName: "Nom",
  firstName: "Prénom",
  structureId: "Structure d'appartenance",
  structure: "Structure d'appartenance",
  otherStructures: "Autres structures",
  service: "Service",
  fonction: "Fonction",
  phone: "Numéro de téléphone",
  postalAddress: "Adresse postale",
  teleworking: "Télétravail",
  appIdentifier: "Identifiant applicatif",
  validFrom: "Date de début de validité du compte",
  validUntil: "Date de fin de validité du compte",
  locked: "Verrouillage du compte",
  lockedReason: "Motif du verrouillage",
  lastLoginAt: "Dernière connexion",
  createdAt: "Créé le",
  roles: "Applications et rôles",
} as const;
export type UserField = keyof typeof USER_FIELD_LABELS;

export const STRUCTURE_KIND_LABELS = {
  CIG: "CIG",
  GROUPE: "Groupe",
  COLLECTIVITE: "Collectivité",
  ETABLISSEMENT: "Établissement",
  DIRECTION: "Direction",
  SERVICE: "Service",
} as const;

export const MANDATE_KIND_LABELS = { CIG_ADMIN: "Administrateur CIG", REFERENT: "Référent administrateur" } as const;

/** Audit actions, as shown in the journal. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "user.create": "Création d'un utilisateur",
  "user.update": "Modification d'un utilisateur",
  "user.lock": "Verrouillage d'un compte",
  "user.unlock": "Déverrouillage d'un compte",
  "user.password-reset": "Envoi d'un lien de réinitialisation du mot de passe",
  "user.mfa-reset": "Réinitialisation des moyens de connexion (double authentification)",
  "api.mfa_required": "Accès à l'API refusé sans second facteur",
  "user.delete": "Suppression d'un utilisateur",
  "user.photo": "Modification de la photo",
  "user.photo-delete": "Suppression de la photo",
  "user.attach": "Rattachement à une structure",
  "user.detach": "Retrait d'une structure",
  "role.assign": "Affectation d'un rôle",
  "role.unassign": "Désaffectation d'un rôle",
  "role.reassign": "Réaffectation à un autre rôle",
  "role.create": "Création d'un rôle",
  "role.update": "Modification d'un rôle",
  "role.delete": "Suppression d'un rôle",
  "structure.create": "Création d'une structure",
  "structure.update": "Modification d'une structure",
  "structure.delete": "Suppression d'une structure",
  "application.create": "Création d'une application",
  "application.update": "Modification d'une application",
  "application.secret": "Renouvellement du secret d'une application",
  "application.delete": "Suppression d'une application",
  "mandate.create": "Désignation d'un référent",
  "mandate.update": "Modification d'un mandat",
  "mandate.delete": "Retrait d'un référent",
  "export.users": "Export des utilisateurs",
  "user.move": "Déplacement d'une affectation",
  // Reads are audited when refused (a référent out of his scope): the journal names them too.
  "user.list": "Consultation de la liste des utilisateurs",
  "user.read": "Consultation d'une fiche utilisateur",
  "user.email-check": "Vérification d'une adresse mail",
  "role.list": "Consultation des rôles",
  "role.members": "Consultation des membres d'un rôle",
  "structure.list": "Consultation des structures",
  "structure.read": "Consultation d'une structure",
  "structure.members": "Consultation des membres d'une structure",
  "application.list": "Consultation des applications",
  "application.read": "Consultation d'une application",
  "mandate.list": "Consultation des référents",
  "audit.list": "Consultation du journal d'audit",
};

/** Columns of the CSV exports, in order, with their French headers. */
export const EXPORT_COLUMNS = [
  ["lastName", "Nom"],
  ["firstName", "Prénom"],
  ["email", "Adresse mail"],
  ["identifiant", "Identifiant"],
  ["structure", "Structure"],
  ["service", "Service"],
  ["fonction", "Fonction"],
  ["phone", "Numéro de téléphone"],
  ["postalAddress", "Adresse postale"],
  ["teleworking", "Télétravail"],
  ["appIdentifier", "Identifiant applicatif"],
  ["validFrom", "Date de début de validité"],
  ["validUntil", "Date de fin de validité"],
  ["locked", "Compte verrouillé"],
  ["roles", "Applications et rôles"],
  ["lastLoginAt", "Dernière connexion"],
  ["alsoElsewhere", "Également rattaché à d'autres structures"],
] as const;

export const MESSAGES = {
  emailAvailable: "Aucun compte utilisateur n'existe avec cette adresse email",
  /** "… existe déjà dans la structure … : collectivites / …" */
  emailExists: (email: string, structureName: string, path: string) => `${email} existe déjà dans la structure ${structureName} : ${path}`,
  userCreated: "L'utilisateur a été créé. Un mail l'invite à initialiser son mot de passe (« Première visite »).",
  userUpdated: "Les informations de l'utilisateur ont été enregistrées.",
  userDeleted: "L'utilisateur a été supprimé.",
  /** « Supprimer l'utilisateur » when the account lives on in other structures. */
  userDetached: (structures: string) => `L'utilisateur a été retiré de ${structures}.`,
  /** The neutral mention of the rest of a shared account. */
  alsoElsewhere: "Également rattaché à d'autres structures",
  userAttached: "L'utilisateur a été rattaché à la structure.",
  membershipMoved: "L'affectation a été déplacée.",
  /** « Supprimer les utilisateurs sélectionnés »: how many were removed from the caller's structures, how many accounts erased. */
  usersRemoved: (detached: number, erased: number) =>
    [
      detached
        ? detached > 1
          ? `${detached} utilisateurs ont été retirés de vos structures`
          : "1 utilisateur a été retiré de vos structures"
        : "",
      erased ? (erased > 1 ? `${erased} comptes ont été supprimés` : "1 compte a été supprimé") : "",
    ]
      .filter(Boolean)
      .join(" ; ") + (detached + erased ? "." : "Aucun utilisateur n'a été supprimé."),
  usersDeleted: (n: number) => (n > 1 ? `${n} utilisateurs ont été supprimés.` : `${n} utilisateur a été supprimé.`),
  userLocked: "Le compte a été verrouillé.",
  userUnlocked: "Le compte a été déverrouillé.",
  passwordResetSent: "Un mail de réinitialisation du mot de passe a été envoyé à l'utilisateur.",
  mfaReset:
    "Les moyens de connexion de l'utilisateur ont été réinitialisés. Un mail l'en informe ; il pourra en ajouter un nouveau à sa prochaine connexion.",
  mfaResetNothing: "Cet utilisateur n'avait aucun second moyen de connexion. Un mail l'en informe.",
  assigned: (n: number) => (n > 1 ? `${n} utilisateurs ont été affectés au rôle.` : `${n} utilisateur a été affecté au rôle.`),
  unassigned: "Le membre a été désaffecté du rôle.",
  reassigned: "Le membre a été réaffecté à un autre rôle.",
  attached: "L'utilisateur a été rattaché à la structure.",
  secretShownOnce: "Copiez ce secret maintenant : il ne sera plus jamais affiché.",
} as const;
