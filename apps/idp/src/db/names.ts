// Names for the realistic generated directory: thousands of surnames and first names with a
// Zipf-like frequency, as in a French public-sector directory of Île-de-France. The lists are
// @faker-js/faker's (a development dependency: the generator is a benchmark tool), Latin script only.
// Each person gets an origin — French, Portuguese, West African, Italian, Spanish, Alsatian/Swiss,
// German, Polish, Turkish, Vietnamese… (shares below) — then a surname of that origin (and a first name of it, or a French
// one), drawn by a Zipf–Mandelbrot law over the origin's names in a shuffled order: weight
// 1 / (rank + q). The offset q flattens the head, as real directories are flat there (the commonest
// surname in France, MARTIN, is ~0.3% of people). Some people get compound names (MARTIN-DUBOIS,
// Jean-Pierre, Marie-Claire): each is rare, the long tail of a real directory.
import { de, en, es, fr, fr_CH, fr_SN, it, nl, pl, pt_PT, ro, tr, vi, type LocaleDefinition } from "@faker-js/faker";

/**
 * Origins: their locales and the share of the people who have one. faker's French list is short
 * (~150 surnames, the commonest ones): given half of the people they would each be far too frequent,
 * so the French share is smaller and the Alsatian/Swiss, German, Italian, Spanish and Polish lists —
 * names long present in France — carry more of the tail.
 */
const ORIGINS: { locales: LocaleDefinition[]; share: number }[] = [
  { locales: [fr], share: 0.35 },
  { locales: [pt_PT], share: 0.1 },
  { locales: [fr_SN], share: 0.1 },
  { locales: [it], share: 0.07 },
  { locales: [es], share: 0.07 },
  { locales: [fr_CH], share: 0.05 },
  { locales: [de], share: 0.05 },
  { locales: [pl], share: 0.05 },
  { locales: [tr], share: 0.04 },
  { locales: [vi], share: 0.04 },
  { locales: [ro], share: 0.04 },
  { locales: [nl], share: 0.02 },
  { locales: [en], share: 0.02 },
];
const LATIN = /^[\p{Script=Latin}' -]+$/u;

/** A small deterministic generator (mulberry32): the same directory on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const values = (x: unknown): string[] =>
  !x ? [] : Array.isArray(x) ? (x as string[]) : Object.values(x as Record<string, string[]>).flat();

/** The origin's names, deduplicated, Latin script, in a random (seeded) order: the rank of each. */
function shuffled(
  locales: LocaleDefinition[],
  pick: (p: NonNullable<LocaleDefinition["person"]>) => unknown,
  random: () => number,
): string[] {
  const names = [...new Set(locales.flatMap((l) => values(l.person && pick(l.person)).map((n) => n.trim())))].filter(
    (n) => LATIN.test(n) && n.length >= 2,
  );
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [names[i], names[j]] = [names[j]!, names[i]!];
  }
  return names;
}

/** Draws from `names` with weight 1 / (rank + q), by binary search over the cumulative weights. */
class Zipf {
  private readonly cumulative: Float64Array;
  constructor(
    readonly names: string[],
    private readonly q: number,
  ) {
    this.cumulative = new Float64Array(names.length);
    let sum = 0;
    for (let r = 0; r < names.length; r++) {
      sum += 1 / (r + 1 + q);
      this.cumulative[r] = sum;
    }
  }
  /** Share of draws that give the name of this rank. */
  share(rank: number): number {
    return 1 / (rank + 1 + this.q) / this.cumulative[this.cumulative.length - 1]!;
  }
  draw(random: () => number): string {
    const x = random() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.names[lo]!;
  }
}

const upper = (s: string) => s.toLocaleUpperCase("fr-FR");
const capital = (s: string) => s.charAt(0).toLocaleUpperCase("fr-FR") + s.slice(1);

export interface NameSource {
  surnames: number;
  firstNames: number;
  /** Share of the people who would get the commonest surname / first name. */
  topSurnameShare: number;
  topFirstNameShare: number;
  next(): { firstName: string; lastName: string };
}

/** The realistic names: `seed` fixes the whole sequence. */
export function realisticNames(seed = 2026): NameSource {
  const random = prng(seed);
  const origins = ORIGINS.map((o) => ({
    share: o.share,
    // q: a quarter of the list for surnames, so that an origin's commonest one is ~1.5% of it, not a third.
    surnames: ((n) => new Zipf(n, Math.max(5, n.length / 4)))(shuffled(o.locales, (p) => p.last_name, random)),
    firstNames: ((n) => new Zipf(n, Math.max(5, n.length / 20)))(shuffled(o.locales, (p) => p.first_name, random)),
  }));
  const french = origins[0]!;
  const cumulative: number[] = [];
  origins.reduce((sum, o) => (cumulative.push(sum + o.share), sum + o.share), 0);
  const origin = () => {
    const x = random() * cumulative[cumulative.length - 1]!;
    return origins[cumulative.findIndex((c) => x < c)] ?? french;
  };
  const frFirst = fr.person!.first_name as unknown as { male: string[]; female: string[] };
  const male = new Zipf(
    frFirst.male.filter((n) => LATIN.test(n) && !n.includes("-")),
    10,
  );
  const female = new Zipf(
    frFirst.female.filter((n) => LATIN.test(n) && !n.includes("-")),
    10,
  );
  const distinct = (pick: (o: (typeof origins)[number]) => Zipf) => new Set(origins.flatMap((o) => pick(o).names)).size;
  return {
    surnames: distinct((o) => o.surnames),
    firstNames: distinct((o) => o.firstNames),
    topSurnameShare: french.share * french.surnames.share(0),
    topFirstNameShare: french.share * french.firstNames.share(0),
    next() {
      const o = origin();
      // 4% double surnames (the second of any origin), 5% compound first names after Jean-/Marie-.
      const lastName = upper(random() < 0.04 ? `${o.surnames.draw(random)}-${origin().surnames.draw(random)}` : o.surnames.draw(random));
      const c = random();
      const given = random() < 0.7 ? o.firstNames : french.firstNames;
      const firstName = c < 0.03 ? `Jean-${male.draw(random)}` : c < 0.05 ? `Marie-${female.draw(random)}` : capital(given.draw(random));
      return { firstName, lastName };
    },
  };
}
