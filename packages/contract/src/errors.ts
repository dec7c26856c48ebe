// The API's errors as one table of stable codes: HTTP status + the French message shown to people.
// The API answers RFC 9457 `application/problem+json` whose `code` is one of these keys.
export const ERRORS = {
  UNAUTHENTICATED: { status: 401, message: "Vous devez vous connecter pour accéder à l'annuaire." },
  TOKEN_INVALID: { status: 401, message: "Votre session a expiré ou n'est pas valide. Reconnectez-vous." },
  MFA_REQUIRED: {
    status: 403,
    message:
      "Votre compte de référent administrateur ou d'administrateur du CIG doit être protégé par un second facteur (application d'authentification ou clé d'accès). Reconnectez-vous : la double authentification vous sera proposée.",
  },
  FORBIDDEN: { status: 403, message: "Vous n'avez pas les droits nécessaires pour effectuer cette action." },
  NOT_FOUND: { status: 404, message: "La ressource demandée est introuvable." },
  METHOD_NOT_ALLOWED: { status: 405, message: "Cette opération n'est pas possible à cette adresse (méthode HTTP non autorisée)." },
  USER_NOT_FOUND: { status: 404, message: "Cet utilisateur est introuvable." },
  STRUCTURE_NOT_FOUND: { status: 404, message: "Cette structure est introuvable." },
  APPLICATION_NOT_FOUND: { status: 404, message: "Cette application est introuvable." },
  ROLE_NOT_FOUND: { status: 404, message: "Ce rôle applicatif est introuvable." },
  ASSIGNMENT_NOT_FOUND: { status: 404, message: "Cet utilisateur n'a pas ce rôle." },
  MANDATE_NOT_FOUND: { status: 404, message: "Ce mandat de référent est introuvable." },
  PHOTO_NOT_FOUND: { status: 404, message: "Cet utilisateur n'a pas de photo." },
  VALIDATION_FAILED: { status: 400, message: "Certaines informations saisies ne sont pas valides." },
  MALFORMED_JSON: { status: 400, message: "La requête n'est pas un JSON valide." },
  SEARCH_TOO_SHORT: { status: 400, message: "Veuillez saisir au moins 3 caractères pour effectuer une recherche" },
  EMAIL_TAKEN: { status: 409, message: "Un compte utilisateur existe déjà avec cette adresse e-mail." },
  EMAIL_IMMUTABLE: {
    status: 409,
    message:
      "L'adresse e-mail d'un compte ne peut pas être modifiée. Créez une nouvelle fiche pour cet utilisateur avec la nouvelle adresse e-mail, attribuez-lui à nouveau ses habilitations applicatives, puis supprimez l'ancienne fiche.",
  },
  VERSION_CONFLICT: {
    status: 409,
    message:
      "Ces informations ont été modifiées par une autre personne depuis que vous les avez ouvertes. Rechargez la fiche pour voir la dernière version, puis refaites vos modifications.",
  },
  PRECONDITION_FAILED: {
    status: 412,
    message:
      "Ces informations ont été modifiées par une autre personne depuis que vous les avez ouvertes. Rechargez la fiche pour voir la dernière version, puis refaites vos modifications.",
  },
  PRECONDITION_REQUIRED: { status: 428, message: "Indiquez la version de la fiche que vous modifiez (champ version ou en-tête If-Match)." },
  PAYLOAD_TOO_LARGE: { status: 413, message: "La requête est trop volumineuse." },
  PHOTO_TOO_LARGE: { status: 413, message: "La photo ne doit pas dépasser 2 Mo." },
  PHOTO_TYPE: { status: 415, message: "La photo doit être une image JPEG, PNG ou WebP." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Ce type de contenu n'est pas accepté : envoyez du JSON." },
  STRUCTURE_HAS_MEMBERS: { status: 409, message: "Cette structure ne peut pas être supprimée : des utilisateurs y sont encore rattachés." },
  STRUCTURE_HAS_CHILDREN: {
    status: 409,
    message: "Cette structure ne peut pas être supprimée : elle contient encore des sous-structures.",
  },
  STRUCTURE_HAS_REFERENCES: {
    status: 409,
    message: "Cette structure ne peut pas être supprimée : des habilitations ou des mandats de référent y font encore référence.",
  },
  STRUCTURE_MOVE_CYCLE: {
    status: 409,
    message: "Une structure ne peut pas être déplacée sous elle-même ou sous l'une de ses sous-structures.",
  },
  STRUCTURE_NAME_TAKEN: { status: 409, message: "Une structure porte déjà ce nom à cet endroit de l'arborescence." },
  STRUCTURE_CODE_TAKEN: { status: 409, message: "Ce code de structure est déjà utilisé." },
  STRUCTURE_ROOT: { status: 409, message: "La racine de l'arborescence ne peut être ni déplacée ni supprimée." },
  ROLE_OTHER_APPLICATION: { status: 400, message: "Un membre ne peut être réaffecté qu'à un autre rôle de la même application." },
  ROLE_CODE_TAKEN: { status: 409, message: "Cette application a déjà un rôle avec ce code." },
  APPLICATION_CODE_TAKEN: {
    status: 409,
    message: "Ce code ou cet identifiant client (client_id) est déjà utilisé par une autre application.",
  },
  APPLICATION_PUBLIC: { status: 409, message: "Cette application est un client public (PKCE) : elle n'a pas de secret." },
  MANDATE_EXISTS: { status: 409, message: "Cette personne est déjà référente de cette structure." },
  ALREADY_MEMBER: { status: 409, message: "Cet utilisateur appartient déjà à cette structure." },
  MAIN_STRUCTURE: { status: 409, message: "La structure d'appartenance principale ne peut pas être retirée ; changez-la d'abord." },
  SELF_DELETE: { status: 409, message: "Vous ne pouvez pas supprimer votre propre compte." },
  TOO_MANY_REQUESTS: { status: 429, message: "Trop de demandes. Veuillez patienter un instant." },
  // Answered by the console itself when no problem document came back (connection lost, a proxy's page).
  SERVER_UNREACHABLE: { status: 503, message: "Le serveur est injoignable. Vérifiez votre connexion puis réessayez." },
  REQUEST_FAILED: { status: 400, message: "La demande n'a pas pu aboutir." },
  SERVICE_UNAVAILABLE: { status: 503, message: "L'annuaire est momentanément indisponible. Réessayez dans quelques instants." },
  INTERNAL: {
    status: 500,
    message: "Une erreur inattendue est survenue. Réessayez ; si elle persiste, contactez correspondantCIG@cig929394.fr.",
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/** The `type` URI of a problem document: stable, one per code. */
export const problemType = (code: ErrorCode) => `urn:convergences:problem:${code.toLowerCase().replace(/_/g, "-")}`;

/**
 * The code that a bare HTTP status stands for, when an answer carries no problem document (a proxy's
 * error page, a lost connection: status 0), so that the console shows this table's message too.
 */
const CODE_OF_STATUS: Partial<Record<number, ErrorCode>> = {
  0: "SERVER_UNREACHABLE",
  401: "TOKEN_INVALID",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "VERSION_CONFLICT",
  412: "PRECONDITION_FAILED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  428: "PRECONDITION_REQUIRED",
  429: "TOO_MANY_REQUESTS",
  503: "SERVICE_UNAVAILABLE",
};
export const codeOfStatus = (status: number): ErrorCode => CODE_OF_STATUS[status] ?? (status >= 500 ? "INTERNAL" : "REQUEST_FAILED");
