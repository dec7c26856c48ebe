// pnpm admin:link [-- --email x] — a new one-time link to set the password of a CIG administrator.
import { argValue, bootstrap } from "./bootstrap.js";
import { issueOneTimeToken, passwordLink } from "../lib/tokens.js";

const { config, db } = await bootstrap();
const email = argValue("email");
const mandate = await db.prisma.mandate.findFirst({
  where: { kind: "CIG_ADMIN", ...(email ? { user: { emailLower: email.toLowerCase() } } : {}) },
  include: { user: true },
  orderBy: { grantedAt: "asc" },
});
if (!mandate) {
  console.error(email ? `Aucun administrateur CIG n'a l'adresse ${email}.` : "Aucun administrateur CIG dans l'annuaire.");
  process.exit(1);
}
const { token, expiresAt } = await issueOneTimeToken(db.prisma, mandate.userId, "FIRST_VISIT");
console.log(
  `Lien à usage unique pour ${mandate.user.email}, valable jusqu'au ${expiresAt.toLocaleString("fr-FR", { timeZone: "Europe/Paris" })} :\n\n  ${passwordLink(config.PUBLIC_URL, token)}\n`,
);
await db.close();
