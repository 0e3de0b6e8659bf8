// Builds a coder from its resources (knowledge base, dictionaries, codebook), passed in as data:
// services/loaders/coder.ts reads the files. Everything here is pure and in memory.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { KnowledgeBase } from '../../kb/types.ts';
import {
  compileActorDictionary,
  type ActorDictionary,
  type GroupWord,
  type SectorWord,
} from './actor-dictionary.ts';
import { parseCodebook, type Codebook } from './codebook.ts';
import {
  addVerbDictionary,
  compileDiscards,
  createTokenKeys,
  type DiscardTable,
  type TokenKeys,
} from './petrarch/compile.ts';
import type { PetrarchDictionaries } from './petrarch/types.ts';
import { parseVerbDictionary } from './petrarch/verbs.ts';
import {
  addModality,
  emptyVerbDictionary,
  indexVerbDictionary,
  type VerbDictionary,
} from './verb-dictionary.ts';

const CODER_VERSION = '0.1.0';

export interface DictionarySources {
  /** newsflow's own patterns, PETRARCH 2 layout with newsflow's extensions. */
  verbs: string;
  /** The modality, rejection and demand rules. */
  modality: string;
  sectors: string;
  groups: string;
  codebook: string;
}

export interface Coder {
  actors: ActorDictionary;
  verbs: VerbDictionary;
  /** Phrases whose sentence (or, marked '+', whole story) is not coded: sports, chronologies. */
  discards: DiscardTable;
  codebook: Codebook;
  coderVersion: string;
  dictionaryVersion: string;
  /** Keep negated events (flagged `negated: true`) instead of dropping them. */
  keepNegated: boolean;
  /**
   * Countries whose land belonged to another state before their own statehood (South Sudan to
   * Sudan before 2011-07-09), by CAMEO code: that state's CAMEO code and the first day of theirs.
   */
  statehood: Map<string, { country: string; before: string }>;
}

function statehoodOf(kb: KnowledgeBase): Coder['statehood'] {
  const out: Coder['statehood'] = new Map();
  for (const c of kb.countries) {
    if (!c.partOf) continue;
    const country = kb.countryByCode(c.partOf.country)?.cameo ?? c.partOf.country;
    out.set(c.cameo, { country, before: c.partOf.before });
  }
  return out;
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

export interface CoderOptions {
  /** Keep negated events (flagged `negated: true`) instead of dropping them. */
  keepNegated?: boolean;
  /** PETRARCH dictionaries (verbs, actors, agents, discards) added to newsflow's own. */
  petrarch?: { dictionaries: PetrarchDictionaries; digest: string } | null;
  /**
   * 'merge' (default): the knowledge base's names and newsflow's own patterns and word lists,
   * with the PETRARCH dictionaries filling in what they do not know. 'replace': the PETRARCH
   * dictionaries alone (`--dictionaries DIR`), without newsflow's verbs.txt and modality.txt.
   */
  mode?: 'merge' | 'replace';
}

/** newsflow's own verbs.txt (tier 0, no dyad required) and modality.txt; any unread line throws. */
function addOwnVerbs(verbs: VerbDictionary, sources: DictionarySources, tokenKeys: TokenKeys): void {
  const def = parseVerbDictionary(sources.verbs, 'verbs.txt');
  if (def.diagnostics.length > 0)
    throw new Error(def.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}: ${d.text}`).join('\n'));
  addVerbDictionary(verbs, def, 'verbs.txt', { requireDyad: false, tier: 0, tokenKeys });
  addModality(verbs, sources.modality);
}

export function createCoder(
  kb: KnowledgeBase,
  sources: DictionarySources,
  options: CoderOptions = {},
): Coder {
  const mode = options.mode ?? 'merge';
  const petrarch = options.petrarch?.dictionaries ?? null;
  const hash = createHash('sha256');
  for (const s of [sources.verbs, sources.modality, sources.sectors, sources.groups, sources.codebook])
    hash.update(s).update('\0');
  hash.update(mode).update(options.petrarch?.digest ?? '');
  // Dictionary words tokenised once for the whole build (verbs, actors, agents, discards).
  const tokenKeys = createTokenKeys();
  // 'replace' leaves out all of newsflow's own verbs.txt and modality.txt: the PETRARCH
  // dictionary's patterns alone decide the codes.
  const verbs = emptyVerbDictionary();
  if (mode === 'merge') addOwnVerbs(verbs, sources, tokenKeys);
  // Merged with newsflow's own patterns (which say where one actor is enough: resigned,
  // protested), a PETRARCH pattern codes only between two actors whatever the folder's
  // require_dyad says: Phoenix sets it false, and alone its one-actor events are mostly noise
  // (its config says as much). Merged, a PETRARCH verb alone codes nothing either: Phoenix's
  // blocks are synonym sets whose members are often no event by themselves ('help', 'want',
  // 'see', 'expect'); its patterns with words still code. A folder used alone ('replace')
  // follows its own rules.
  const merged = mode === 'merge';
  const dyad = merged || (petrarch?.options.require_dyad ?? 'true').toLowerCase() !== 'false';
  if (petrarch)
    addVerbDictionary(verbs, petrarch.verbs, basename(petrarch.dir), {
      requireDyad: dyad,
      bareVerbs: !merged,
      tokenKeys,
    });
  indexVerbDictionary(verbs);
  const own = mode === 'merge';
  return {
    actors: compileActorDictionary(kb, {
      sectors: own ? parseSectors(sources.sectors) : [],
      groups: own ? parseGroups(sources.groups) : [],
      actors: petrarch?.actors ?? [],
      agents: petrarch?.agents ?? [],
      kbNames: own,
      tokenKeys,
    }),
    verbs,
    discards: compileDiscards(petrarch?.discards ?? [], tokenKeys),
    codebook: parseCodebook(sources.codebook),
    coderVersion: CODER_VERSION,
    dictionaryVersion: `kb:${kb.version};dict:${hash.digest('hex').slice(0, 12)}`,
    keepNegated: options.keepNegated ?? false,
    statehood: statehoodOf(kb),
  };
}
