// One normal form for every place name, used both to index the gazetteer and to look up text,
// so that 'Ta‘izz' / 'Taizz', 'St. Louis' / 'Saint Louis', 'U.S.' / 'US' meet.
const MARKS = /\p{M}/gu;
const APOSTROPHES = /[‘’ʼʻ`´'"“”]/g;
const DASHES = /[-‐‑–—]/g;

export function placeKey(surface: string): string {
  return surface
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(APOSTROPHES, '')
    .replace(DASHES, ' ')
    .replace(/\./g, ' ')
    .toLowerCase()
    .replace(/\bsaint\b/g, 'st')
    .replace(/\bsainte\b/g, 'ste')
    .replace(/\bmount\b/g, 'mt')
    .replace(/\bfort\b/g, 'ft')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\b([a-z]) (?=[a-z]\b)/g, '$1'); // 'u s' (from U.S.) -> 'us'
}
