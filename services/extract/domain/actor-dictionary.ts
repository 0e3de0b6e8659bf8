// Compiles the knowledge base (countries, people, organisations) and the project's sector and
// group word lists into one phrase trie. Built once per process; matching is a trie walk.
import type { KnowledgeBase, Organisation, Person } from '../../kb/types.ts';
import { analyse } from './nlp.ts';
import { actorPhrases, agentPhrases, type TokenKeys } from './petrarch/compile.ts';
import type { ActorDef, AgentDef, DatedCode } from './petrarch/types.ts';
import { createTrie, insertPhrase, type TrieNode } from './phrase-trie.ts';

export type ActorEntry =
  | {
      kind: 'country';
      country: string;
      form: 'name' | 'demonym' | 'metonym';
      sector: string | null;
      entityRef: string | null;
      upper: boolean;
      independent: boolean;
      /** A place that belonged to different countries over time (PETRARCH dated codes). */
      dated?: DatedCode[];
    }
  | { kind: 'person'; person: Person; upper: true }
  | { kind: 'org'; org: Organisation; upper: boolean }
  /** A PETRARCH actor: a code, or codes held over dated spans (Phoenix people and groups). */
  | { kind: 'coded'; roles: DatedCode[]; defaultCode: string | null; upper: true }
  | { kind: 'sector'; sector: string; title: boolean; plural: boolean; modifier: boolean; upper: false };

export interface SectorWord {
  phrase: string;
  sector: string;
  flags: string[];
}

export interface GroupWord {
  phrase: string;
  code: string;
  sector: string | null;
}

export interface ActorDictionary {
  trie: TrieNode<ActorEntry>;
  kb: KnowledgeBase;
  /** Number of phrases compiled, for diagnostics. */
  size: number;
}

function keysOf(phrase: string): string[] {
  return analyse(phrase)
    .tokens.filter((t) => t.value.trim() !== '')
    .map((t) => t.norm);
}

/** What goes into the actor trie besides the knowledge base's own names. */
export interface ActorSources {
  sectors: SectorWord[];
  groups: GroupWord[];
  /** PETRARCH actors and agents; a phrase the knowledge base or the word lists know already is left out. */
  actors: ActorDef[];
  agents: AgentDef[];
  /** Compile the knowledge base's countries, people and organisations (false: PETRARCH actors only). */
  kbNames: boolean;
  /** Shared with the rest of the coder's build. Default: a new one. */
  tokenKeys?: TokenKeys;
}

export function compileActorDictionary(kb: KnowledgeBase, sources: ActorSources): ActorDictionary {
  const build: TrieBuild = { trie: createTrie<ActorEntry>(), size: 0 };
  if (sources.kbNames) {
    addKbCountries(build, kb.countries);
    addKbPeopleAndOrganisations(build, kb);
  }
  addWordLists(build, sources.groups, sources.sectors);
  addPetrarchPhrases(build, kb, sources);
  return { trie: build.trie, kb, size: build.size };
}

interface TrieBuild {
  trie: TrieNode<ActorEntry>;
  size: number;
}

/** Adds a phrase as the coder's tokens see it. */
function addPhrase(build: TrieBuild, phrase: string, entry: ActorEntry): void {
  const trimmed = phrase.trim();
  if (!trimmed) return;
  // The knowledge base lists 'the Kremlin' and 'Kremlin' itself where both are used;
  // dropping 'the' here would turn 'the States' into any 'States'.
  const keys = keysOf(trimmed);
  if (keys.length === 0) return;
  insertPhrase(build.trie, keys, entry);
  build.size++;
}

/** A country under its names and aliases, its demonyms, and its metonyms and capital (a sector). */
function addKbCountries(build: TrieBuild, countries: KnowledgeBase['countries']): void {
  for (const c of countries) {
    const entityRef = c.wikidata || null;
    const independent = c.independent !== false;
    const nameEntry: ActorEntry = {
      kind: 'country',
      country: c.cameo,
      form: 'name',
      sector: null,
      entityRef,
      upper: true,
      independent,
    };
    addPhrase(build, c.name, nameEntry);
    for (const a of c.aliases) addPhrase(build, a, nameEntry);
    const demonym: ActorEntry = {
      kind: 'country',
      country: c.cameo,
      form: 'demonym',
      sector: null,
      entityRef,
      upper: true,
      independent,
    };
    for (const d of c.demonyms) addPhrase(build, d, demonym);
    const metonyms = new Set(c.metonyms);
    if (c.capital) metonyms.add(c.capital);
    for (const m of metonyms) {
      const sector = c.metonymSectors?.[m] ?? 'GOV';
      addPhrase(build, m, {
        kind: 'country',
        country: c.cameo,
        form: 'metonym',
        sector,
        entityRef,
        upper: true,
        independent,
      });
    }
  }
}

function addKbPeopleAndOrganisations(build: TrieBuild, kb: KnowledgeBase): void {
  for (const p of kb.people) {
    const entry: ActorEntry = { kind: 'person', person: p, upper: true };
    addPhrase(build, p.name, entry);
    for (const a of p.aliases) addPhrase(build, a, entry);
  }
  for (const o of kb.organisations) {
    const entry: ActorEntry = { kind: 'org', org: o, upper: true };
    addPhrase(build, o.name, entry);
    for (const a of o.aliases) addPhrase(build, a, entry);
    for (const m of o.metonyms ?? []) addPhrase(build, m, entry);
  }
}

/** newsflow's own group words (data/dictionaries/groups.tsv) and sector words (sectors.tsv). */
function addWordLists(build: TrieBuild, groups: GroupWord[], sectors: SectorWord[]): void {
  for (const g of groups) {
    addPhrase(build, g.phrase, {
      kind: 'country',
      country: g.code,
      form: 'demonym',
      sector: g.sector,
      entityRef: null,
      upper: true,
      independent: true,
    });
  }
  for (const s of sectors) {
    addPhrase(build, s.phrase, {
      kind: 'sector',
      sector: s.sector,
      title: s.flags.includes('title'),
      plural: s.flags.includes('plural'),
      modifier: s.flags.includes('modifier'),
      upper: false,
    });
  }
}

/**
 * PETRARCH phrases fill in only what the knowledge base and the word lists do not know: their
 * roles, ids and flags win where both know a name.
 */
function addPetrarchPhrases(build: TrieBuild, kb: KnowledgeBase, sources: ActorSources): void {
  const { trie } = build;
  const known = (keys: string[]): boolean => {
    let node: TrieNode<ActorEntry> | undefined = trie;
    for (const k of keys) node = node?.next.get(k);
    return (node?.entries.length ?? 0) > 0;
  };
  const coded = new Map<ActorDef, ActorEntry>();
  for (const { keys, value } of actorPhrases(sources.actors, sources.tokenKeys)) {
    if (known(keys) && !coded.has(value)) continue;
    let entry = coded.get(value);
    if (!entry) {
      entry = codedEntry(kb, value);
      coded.set(value, entry);
    }
    insertPhrase(trie, keys, entry);
    build.size++;
  }
  const agents = new Map<AgentDef, ActorEntry>();
  for (const { keys, value } of agentPhrases(sources.agents, sources.tokenKeys)) {
    if (known(keys) && !agents.has(value)) continue;
    let entry = agents.get(value);
    if (!entry) {
      entry = {
        kind: 'sector',
        sector: value.position === 'prefix' ? `${value.code}~` : value.code,
        title: false,
        plural: false,
        modifier: false,
        upper: false,
      };
      agents.set(value, entry);
    }
    insertPhrase(trie, keys, entry);
    build.size++;
  }
}

/**
 * A PETRARCH actor with one undated code that starts with a country ('AFGHANISTAN [AFG]' and its
 * '+KABUL' synonyms, 'HAMAS [PSEREBHMS]') is a country entry, so that 'in Kabul' is a place and
 * 'Kabul government' takes its agent like any country word; dated actors (people) keep their roles.
 */
function codedEntry(kb: KnowledgeBase, a: ActorDef): ActorEntry {
  const code = a.defaultCode;
  const bare = (c: string | null): boolean => c === null || /^[A-Z]{3}$/.test(c);
  // 'SAMARRA' under IRAQ [IRQ <030320] [IRQ >060520]: a place whose country depends on the date.
  if (a.roles.length > 0 && bare(code) && a.roles.every((r) => bare(r.code))) {
    return {
      kind: 'country',
      country: code ?? a.roles[a.roles.length - 1]!.code,
      form: 'name',
      sector: null,
      entityRef: null,
      upper: true,
      independent: true,
      dated: a.roles,
    };
  }
  if (
    a.roles.length === 0 &&
    code &&
    /^[A-Z]{3}/.test(code) &&
    (code.length === 3 || kb.countryByCode(code.slice(0, 3)))
  ) {
    const sector = code.slice(3) || null;
    return {
      kind: 'country',
      country: code.slice(0, 3),
      form: sector ? 'metonym' : 'name',
      sector,
      entityRef: null,
      upper: true,
      independent: true,
    };
  }
  return { kind: 'coded', roles: a.roles, defaultCode: code, upper: true };
}
