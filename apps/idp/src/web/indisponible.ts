// « Service momentanément indisponible »: the database cannot be reached (503, ../http/unavailable.ts),
// or a request could not be recorded (demande-de-lien.ts).
import { UNAVAILABLE_MESSAGE } from "../db/unavailable.js";
import { messagePage } from "./message.js";

const UNAVAILABLE_TITLE = "Service momentanément indisponible";

export function unavailablePage(organisation?: string, message: string = UNAVAILABLE_MESSAGE): string {
  return messagePage({ title: UNAVAILABLE_TITLE, kind: "error", message, link: { href: "/", label: "Réessayer" }, organisation });
}
