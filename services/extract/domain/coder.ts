// Builds a coder from its resources (knowledge base, dictionaries, codebook). Loading reads
// files; everything after that is pure and in memory.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KnowledgeBase } from '../../kb/types.ts';
import {
  compileActorDictionary,
  type ActorDictionary,
  type GroupWord,
  type SectorWord,
} from './actor-dictionary.ts';
import { parseCodebook, type Codebook } from './codebook.ts';
import { parseVerbDictionary, type VerbDictionary } from './verb-dictionary.ts';

export const CODER_VERSION = '0.1.0';

export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../data/', import.meta.url));

export interface DictionarySources {
  verbs: string;
  sectors: string;
  groups: string;
  codebook: string;
}

export interface Coder {
  actors: ActorDictionary;
  verbs: VerbDictionary;
  codebook: Codebook;
  coderVersion: string;
  dictionaryVersion: string;
  /** Keep negated events (flagged `negated: true`) instead of dropping them. */
  keepNegated: boolean;
}

export function readDictionarySources(dataDir: string = DEFAULT_DATA_DIR): DictionarySources {
  const read = (p: string): string =>
    readFileSync(new URL(p, `file://${dataDir.endsWith('/') ? dataDir : dataDir + '/'}`), 'utf8');
  return {
    verbs: read('dictionaries/verbs.txt'),
    sectors: read('dictionaries/sectors.tsv'),
    groups: read('dictionaries/groups.tsv'),
    codebook: read('cameo/codebook.tsv'),
  };
}

function tsvRows(source: string): string[][] {
  return source
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t').map((f) => f.trim()));
}

export function parseSectors(source: string): SectorWord[] {
  return tsvRows(source).map(([phrase, sector, flags], n) => {
    if (!phrase || !sector) throw new Error(`sectors.tsv: row ${n + 1} needs phrase and sector`);
    return { phrase, sector, flags: flags ? flags.split(',').map((f) => f.trim()) : [] };
  });
}

export function parseGroups(source: string): GroupWord[] {
  return tsvRows(source).map(([phrase, code, sector], n) => {
    if (!phrase || !code) throw new Error(`groups.tsv: row ${n + 1} needs phrase and code`);
    return { phrase, code, sector: sector || null };
  });
}

export function createCoder(
  kb: KnowledgeBase,
  sources: DictionarySources,
  options: { keepNegated?: boolean } = {},
): Coder {
  const hash = createHash('sha256');
  for (const s of [sources.verbs, sources.sectors, sources.groups, sources.codebook])
    hash.update(s).update('\0');
  return {
    actors: compileActorDictionary(kb, parseSectors(sources.sectors), parseGroups(sources.groups)),
    verbs: parseVerbDictionary(sources.verbs),
    codebook: parseCodebook(sources.codebook),
    coderVersion: CODER_VERSION,
    dictionaryVersion: `kb:${kb.version};dict:${hash.digest('hex').slice(0, 12)}`,
    keepNegated: options.keepNegated ?? false,
  };
}
