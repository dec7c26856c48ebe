// The error pages, outside the API (which answers problem documents itself): « Page introuvable »,
// « Demande incorrecte », « Une erreur est survenue »…, a French page with the right status instead
// of Koa's English text/plain, and the security headers kept (Koa's own error handler removes every
// header already set).
import type Koa from "koa";
import type { Logger } from "../lib/log.js";
import { messagePage } from "./message.js";

const ERROR_PAGE_MESSAGES: Record<number, { title: string; message: string }> = {
  400: { title: "Demande incorrecte", message: "La demande envoyée est incorrecte. Reprenez depuis le portail ou depuis l'application." },
  404: { title: "Page introuvable", message: "Cette page n'existe pas." },
  405: { title: "Méthode non autorisée", message: "Cette page ne peut pas être utilisée de cette façon." },
  413: {
    title: "Demande trop volumineuse",
    message: "Le formulaire envoyé est trop volumineux. Vérifiez ce que vous avez saisi et réessayez.",
  },
  415: { title: "Demande incorrecte", message: "Le formulaire envoyé n'est pas dans un format accepté." },
  500: { title: "Une erreur est survenue", message: "Une erreur inattendue est survenue. Réessayez dans quelques instants." },
};

export function errorPages(logger: Logger, organisation: string): Koa.Middleware {
  const show = (ctx: Koa.Context, status: number) => {
    const text = ERROR_PAGE_MESSAGES[status] ?? ERROR_PAGE_MESSAGES[status >= 500 ? 500 : 400]!;
    ctx.status = status;
    ctx.type = "html";
    ctx.set("Cache-Control", "no-store");
    ctx.body = messagePage({
      title: text.title,
      kind: "error",
      message: text.message,
      link: { href: "/", label: "Retour au portail" },
      organisation,
    });
  };
  return async (ctx, next) => {
    try {
      await next();
      // Nothing answered (an unknown address, a method a router does not take): say so in French.
      if ((ctx.status === 404 || ctx.status === 405) && ctx.body == null && ctx.method !== "HEAD") show(ctx, ctx.status);
    } catch (e) {
      const err = e as { status?: number; expose?: boolean; headers?: Record<string, string> };
      const status =
        typeof err.status === "number" && err.status >= 400 && err.status < 600 && (err.expose || err.status >= 500) ? err.status : 500;
      if (status >= 500)
        logger.error("erreur inattendue", { requestId: ctx.state.requestId, path: ctx.path, error: String((e as Error)?.stack ?? e) });
      for (const [name, value] of Object.entries(err.headers ?? {})) if (/^(allow|retry-after)$/i.test(name)) ctx.set(name, value);
      show(ctx, status);
      // The body of a refused request may still be arriving: do not keep reading it.
      if (status === 413) ctx.set("Connection", "close");
    }
  };
}
