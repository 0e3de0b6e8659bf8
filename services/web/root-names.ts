import { readFileSync } from 'node:fs';
import { parseCodebook } from '../extract/domain/codebook.ts';

const CODEBOOK = new URL('../../data/cameo/codebook.tsv', import.meta.url);

/** CAMEO root code ('04') → its short name ('consult'), from the coder's codebook. */
export function rootNames(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of parseCodebook(readFileSync(CODEBOOK, 'utf8')).values())
    if (entry.code === entry.root) out[entry.root] = entry.name.toLowerCase();
  return out;
}
