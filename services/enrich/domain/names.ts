/** One form for names on both sides of a lookup: case, accents, quotes, hyphens and possessives folded. */
export function normaliseName(s: string): string {
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
