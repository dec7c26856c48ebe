// Dates as people in France read them, the same in the console and in the CSV exports:
// a calendar day « jj/mm/aaaa », an instant « jj/mm/aaaa hh:mm » in Europe/Paris.

const PARIS = new Intl.DateTimeFormat("fr-FR", {
  timeZone: "Europe/Paris",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** A calendar day "aaaa-mm-jj" (validity dates) → "jj/mm/aaaa"; no time zone involved. */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

/** The day of an instant in Europe/Paris, "jj/mm/aaaa". */
export function formatInstantDay(instant: string | Date): string {
  return formatInstant(instant).slice(0, 10);
}

/** An instant (ISO string or Date) → "jj/mm/aaaa hh:mm" in Europe/Paris. */
export function formatInstant(instant: string | Date): string {
  const parts = Object.fromEntries(PARIS.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** « de » before a name, elided before a vowel or a mute h: « Rôles de BIP », « Rôles d'Annuaire des identités… ». */
export function ofName(name: string): string {
  return /^[aeiouyhàâäéèêëîïôöùûüœæ]/i.test(name) ? `d'${name}` : `de ${name}`;
}
