// Short names of CAMEO root codes for the pretty output of `newsflow tail`, from the codebook
// the coder uses (data/cameo/codebook.tsv).
import { readFileSync } from 'node:fs';
import { parseCodebook } from '../../services/extract/domain/codebook.ts';

const CODEBOOK = new URL('../../data/cameo/codebook.tsv', import.meta.url);

export type RootNames = (code: string) => string | undefined;

/** Root code ('04') → lower-case name ('consult'). */
export function rootNamesFrom(source: string): RootNames {
  const names = new Map<string, string>();
  for (const entry of parseCodebook(source).values()) {
    if (entry.code === entry.root) names.set(entry.root, entry.name.toLowerCase());
  }
  return (code) => names.get(code.slice(0, 2));
}

/** The codebook's root names; a missing or unreadable codebook just means codes without names. */
export function loadRootNames(): RootNames {
  try {
    return rootNamesFrom(readFileSync(CODEBOOK, 'utf8'));
  } catch {
    return () => undefined;
  }
}
