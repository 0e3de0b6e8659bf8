import { memoizeString } from '../../geo/memo.ts';

/** One form for names on both sides of a lookup: case, accents, quotes, hyphens and possessives folded. */
export const normaliseName: (s: string) => string = memoizeString(fold, 100_000);

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
