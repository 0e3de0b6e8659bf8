// The same names come back in every batch of events: remember recent results (bounded).
const memo = new Map<string, string>();
const MEMO_MAX = 100_000;

/** One form for names on both sides of a lookup: case, accents, quotes, hyphens and possessives folded. */
export function normaliseName(s: string): string {
  let out = memo.get(s);
  if (out === undefined) {
    out = fold(s);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(s, out);
  }
  return out;
}

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[‘’ʼ`´]/g, "'")
    .replace(/'s$/i, '')
    .replace(/[-‐–—]/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
