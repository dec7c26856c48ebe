// « Un nouveau moyen de connexion a été ajouté à votre compte »: written to the outbox in the
// transaction that adds the factor (or resets them), so that the agent hears of every change.
import type { PrismaClient } from "../generated/prisma/client.js";
import { enqueueMail } from "../mail/outbox.js";
import { build, greeting, para, type MailConfig } from "../mail/templates.js";

export const NEW_FACTOR_SUBJECT = "[Portail des applications du CIG] Un nouveau moyen de connexion a été ajouté à votre compte";
export const FACTORS_RESET_SUBJECT = "[Portail des applications du CIG] Vos moyens de connexion ont été réinitialisés";

type Tx = Pick<PrismaClient, "mailOutbox" | "user">;

const whenParis = (d: Date) => d.toLocaleString("fr-FR", { timeZone: "Europe/Paris", dateStyle: "long", timeStyle: "short" });

/** `what`: « une application d'authentification », « la clé d'accès "…" ». */
export async function notifyNewFactor(tx: Tx, config: MailConfig, userId: string, what: string, now = new Date()): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, identifiant: true, firstName: true, lastName: true },
  });
  await enqueueMail(
    tx,
    build(config, user.email, NEW_FACTOR_SUBJECT, [
      para(greeting(user)),
      para(`Un nouveau moyen de connexion a été ajouté à votre compte Convergences (${user.email}) le ${whenParis(now)} : ${what}.`),
      para(
        "Si c'est vous, vous n'avez rien à faire. Sinon, quelqu'un connaît peut-être votre mot de passe : changez-le avec « Mot de passe oublié ? » " +
          `sur ${config.PORTAL_URL} et prévenez aussitôt votre référent administrateur.`,
      ),
    ]),
  );
}

/** After the home référent (or the CIG) reset the account's factors. */
export async function notifyFactorsReset(tx: Tx, config: MailConfig, userId: string, now = new Date()): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, identifiant: true, firstName: true, lastName: true },
  });
  await enqueueMail(
    tx,
    build(config, user.email, FACTORS_RESET_SUBJECT, [
      para(greeting(user)),
      para(
        `Les moyens de connexion de votre compte Convergences (${user.email}) ont été réinitialisés le ${whenParis(now)} par votre référent administrateur : application d'authentification, clés d'accès et codes de secours ont été retirés.`,
      ),
      para(
        "À votre prochaine connexion, vous pourrez ajouter un nouveau moyen de connexion. Si vous n'avez rien demandé, prévenez aussitôt votre référent administrateur.",
      ),
    ]),
  );
}
