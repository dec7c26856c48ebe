// The seeded people the tests act as (apps/idp/src/db/seed-data.ts), and the password the global
// setup gives every one of them.
export const PASSWORD = "Essai-de-bout-en-bout-2026!";

export const CIG_ADMIN = "correspondantcig@cig929394.fr";
/** Référente of L'Haÿ-les-Roses for BIP and Net-CAP. */
export const WONDER = "wonder.woman@yopmail.com";
/** Référent of Montreuil (and the CCAS de Montreuil) for BIP and Net-Cotisations. */
export const PAUL = "paul.durand@montreuil.fr";
/** Agents of L'Haÿ-les-Roses. */
export const JULIEN = "julien.petit@lhaylesroses.fr";
export const AMINA = "amina.diallo@lhaylesroses.fr";
/** Agent of Montreuil. */
export const MARC = "marc.lefebvre@montreuil.fr";
/** An agent with an account, no role and no mandate. */
export const SIMPLE_AGENT = "simple.agent@creteil.fr";

/** The TOTP secret the global setup gives every référent and CIG administrator of the seed (a second
 * factor is required of them); the sign-in helpers compute its codes as an authenticator would. */
export const TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
