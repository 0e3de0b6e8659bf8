// The CAMEO codebook (data/cameo/codebook.tsv): root, quad class and Goldstein value per code.
export interface CodebookEntry {
  code: string;
  root: string;
  quadClass: number;
  goldstein: number;
  name: string;
}

export type Codebook = Map<string, CodebookEntry>;

export function parseCodebook(source: string): Codebook {
  const book: Codebook = new Map();
  for (const [n, raw] of source.split('\n').entries()) {
    const line = raw.trimEnd();
    if (!line || line.startsWith('#') || line.startsWith('code\t')) continue;
    const [code, root, quad, goldstein, name] = line.split('\t');
    if (!code || !root || !quad || goldstein === undefined || !/^\d{2,4}$/.test(code))
      throw new Error(`codebook.tsv:${n + 1}: bad line '${line}'`);
    book.set(code, { code, root, quadClass: Number(quad), goldstein: Number(goldstein), name: name ?? '' });
  }
  return book;
}

/**
 * The entry of a code, falling back to its base code and root when the exact code is absent.
 * A code the codebook does not know at all (a dictionary of another ontology, such as the WEIS
 * codes of PETRARCH's unit-test dictionaries) keeps its first two characters as root, with quad
 * class 0 and Goldstein value 0: it is passed through, not dropped.
 */
export function lookup(book: Codebook, code: string): CodebookEntry {
  return (
    book.get(code) ??
    book.get(code.slice(0, 3)) ??
    book.get(code.slice(0, 2)) ?? { code, root: code.slice(0, 2), quadClass: 0, goldstein: 0, name: '' }
  );
}
