// Scoring helpers for `newsflow eval events`: the CAMEO → PLOVER mapping file, PLOVER 0.5 → 0.8
// names, and precision/recall over (source country, target country, category) triples.

/** PLOVER 0.5 category names as the gold uses them → the 0.8 names of the mapping file. */
const PLOVER_05_TO_08: Record<string, string> = {
  DEMAND: 'REQUEST',
  DISAPPROVE: 'ACCUSE',
  INVESTIGATE: 'ACCUSE',
  FIGHT: 'ASSAULT',
};

export function ploverName(name: string): string {
  const upper = name.trim().toUpperCase();
  return PLOVER_05_TO_08[upper] ?? upper;
}

/**
 * Parses a CAMEO2PLOVER table: lines 'CODE: CATEGORY, mode, context # comment'. Later lines win
 * for a repeated code except root lines, which only fill codes not listed themselves.
 * CAMEO 02x (appeal) has no line in the 2021 table; it counts as REQUEST.
 */
export function parseCameoToPlover(source: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const raw of source.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const m = /^(\d{2,4})\s*:\s*([A-Za-z_]+)/.exec(line);
    if (!m) continue;
    const [, code, category] = m as unknown as [string, string, string];
    if (code.length === 2 && map.has(code)) continue;
    map.set(code, ploverName(category));
  }
  if (!map.has('02')) map.set('02', 'REQUEST');
  return map;
}

export function ploverOf(map: Map<string, string>, code: string): string | undefined {
  return (
    map.get(code) ??
    map.get(code.slice(0, 3)) ??
    (code.startsWith('02') ? map.get('02') : undefined) ??
    rootFallback(map, code)
  );
}

function rootFallback(map: Map<string, string>, code: string): string | undefined {
  // Only roots whose codes all share one category fall back to the root line.
  const root = code.slice(0, 2);
  const cats = new Set<string>();
  for (const [k, v] of map) if (k.startsWith(root) && k.length > 2) cats.add(v);
  return cats.size === 1 ? [...cats][0] : undefined;
}

export interface Triple {
  source: string;
  target: string;
  category: string;
}

export const tripleKey = (t: Triple): string => `${t.source}|${t.target}|${t.category}`;

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export function prf(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
