// Turns PETRARCH dictionaries, as the readers return them, into the coder's matching tables:
// verb patterns indexed by verb lemma, actor and agent phrases for the actor trie, and discard
// phrases. Pure: data in, tables out. The PETRARCH constructs and what newsflow makes of them
// are listed in data/dictionaries/README.md.
import { analyse } from '../nlp.ts';
import type { PatternWord, VerbDictionary, VerbPattern } from '../verb-dictionary.ts';
import type { ActorDef, AgentDef, DatedCode, DiscardDef, PatternItem, VerbDictionaryDef } from './types.ts';

/** A dictionary word as the coder's tokens see it ('U.N.' → ['un'], 'al-Qaeda' → ['al', '-', 'qaeda']). */
export type TokenKeys = (word: string) => string[];

/**
 * A TokenKeys that remembers the words it has seen: one per coder being built (createCoder
 * shares it between the verbs, actors, agents and discards), dropped with the build.
 */
export function createTokenKeys(): TokenKeys {
  const seen = new Map<string, string[]>();
  return (word) => {
    let keys = seen.get(word);
    if (!keys) {
      keys = analyse(word.replace(/_/g, ' '))
        .tokens.filter((t) => t.value.trim() !== '')
        .map((t) => t.norm);
      seen.set(word, keys);
    }
    return keys;
  };
}

/** Singular of a regular English plural, for matching 'TALKS' against the lemma 'talk'. */
function singular(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(ss|sh|ch|x)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1);
  return w;
}

/**
 * What `compileSide` reads and fills: the definitions' synsets, the tokeniser, and the words
 * built so far. A synset or word named by many patterns (Phoenix names some hundreds of times)
 * gets one set of alternatives, shared by every pattern word that names it.
 */
interface SideContext {
  synsets: Map<string, string[][]>;
  tokenKeys: TokenKeys;
  words: Map<string, Pick<PatternWord, 'alts' | 'seqs'>>;
}

function wordOf(key: string, phrases: string[][], adjacent: boolean, ctx: SideContext): PatternWord {
  let shared = ctx.words.get(key);
  if (!shared) {
    const alts = new Set<string>();
    const seqs: string[][] = [];
    for (const phrase of phrases) {
      const keys = phrase.flatMap(ctx.tokenKeys);
      if (keys.length === 1) {
        alts.add(keys[0]!);
        alts.add(singular(keys[0]!));
      } else if (keys.length > 1) seqs.push(keys);
    }
    shared = seqs.length > 0 ? { alts, seqs } : { alts };
    ctx.words.set(key, shared);
  }
  return shared.seqs ? { alts: shared.alts, adjacent, seqs: shared.seqs } : { alts: shared.alts, adjacent };
}

const wordKey = (word: string): string => `word ${word}`;

interface Side {
  words: PatternWord[];
  source: boolean;
  target: boolean;
  /** How many words precede the '+' marker. */
  targetAfter: number | null;
  compound: boolean;
}

function compileSide(
  items: PatternItem[],
  firstAdjacent: boolean,
  ctx: SideContext,
): Side | { error: string } {
  const side: Side = { words: [], source: false, target: false, targetAfter: null, compound: false };
  let adjacent = firstAdjacent;
  for (const item of items) {
    switch (item.kind) {
      case 'word':
        side.words.push(wordOf(wordKey(item.word), [[item.word]], adjacent, ctx));
        adjacent = item.joined;
        break;
      case 'synset': {
        const name = item.name.toUpperCase();
        const phrases = ctx.synsets.get(name);
        if (!phrases) return { error: `synset &${item.name} is not defined` };
        side.words.push(wordOf(`synset ${name}`, phrases, adjacent, ctx));
        adjacent = item.joined;
        break;
      }
      case 'source':
        side.source = true;
        adjacent = false;
        break;
      case 'target':
        side.target = true;
        side.targetAfter ??= side.words.length;
        adjacent = false;
        break;
      case 'compound':
        side.compound = true;
        adjacent = false;
        break;
      case 'skip':
        adjacent = false;
        break;
      case 'open':
      case 'close':
      case 'not':
      case 'notSynset':
        break;
    }
  }
  return side;
}

/** '042:043' → forward 042, reverse 043; '---' → neither (the match suppresses any event). */
export function splitCode(code: string): { forward: string; reverse: string | null } {
  const [f = '', r] = code.split(':');
  const clean = (c: string | undefined): string => (c && c !== '---' ? c : '');
  return { forward: clean(f), reverse: clean(r) || null };
}

export interface VerbCompileOptions {
  /** Events of these patterns need both a source and a target (PETRARCH's `require_dyad`, default true). */
  requireDyad: boolean;
  /**
   * 0: newsflow's own additions (their patterns win over a PETRARCH dictionary's, their verbs
   * keep only their own patterns, see matchAt); 1 (default): a PETRARCH dictionary.
   */
  tier?: number;
  /** A verb alone codes its block's code (PETRARCH's rule; default true). */
  bareVerbs?: boolean;
  /** Shared with the rest of the coder's build. Default: a new one. */
  tokenKeys?: TokenKeys;
}

const NO_WORDS: ReadonlySet<string> = new Set();

/** newsflow's '~WORD' / '~&SET' items: words that must not follow the verb. */
function excludedWords(items: PatternItem[], synsets: Map<string, string[][]>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const item of items) {
    if (item.kind === 'not') out.add(item.word);
    else if (item.kind === 'notSynset')
      for (const phrase of synsets.get(item.name) ?? []) if (phrase.length === 1) out.add(phrase[0]!);
  }
  return out.size > 0 ? out : NO_WORDS;
}

interface CompiledPattern {
  before: Side;
  after: Side;
  code: string;
  flags: string[];
  forbidden: ReadonlySet<string>;
  line: number;
  text: string;
}

/** A verb block's patterns, compiled once for all the verbs of the block. */
function compileBlockPatterns(
  patterns: VerbDictionaryDef['blocks'][number]['patterns'],
  ctx: SideContext,
): CompiledPattern[] {
  const compiled: CompiledPattern[] = [];
  for (const p of patterns) {
    const before = compileSide(p.before, false, ctx);
    const after = compileSide(p.after, p.verbJoined, ctx);
    // An undefined synset: the reader has reported the pattern (file and line) and left it out.
    if ('error' in before || 'error' in after) continue;
    // The last word before the verb joined to it with '_' must stand right before the verb.
    const last = p.before[p.before.length - 1];
    if (last && 'joined' in last && last.joined && before.words.length > 0)
      before.words[before.words.length - 1] = { ...before.words[before.words.length - 1]!, adjacent: true };
    compiled.push({
      before,
      after,
      code: p.code,
      flags: p.flags,
      forbidden: excludedWords(p.after, ctx.synsets),
      line: p.line,
      text: p.text,
    });
  }
  return compiled;
}

/**
 * Adds a PETRARCH verb dictionary to `dict`. For a verb that `dict` has patterns for already,
 * only the PETRARCH patterns with words are added, below newsflow's own (see matchAt).
 */
export function addVerbDictionary(
  dict: VerbDictionary,
  def: VerbDictionaryDef,
  origin: string,
  options: VerbCompileOptions,
): void {
  const tokenKeys = options.tokenKeys ?? createTokenKeys();
  const ctx: SideContext = { synsets: def.synsets, tokenKeys, words: new Map() };
  // Patterns with the same flags share one set of them: Phoenix has tens of thousands of
  // patterns and a few flag combinations.
  const flagSets = new Map<string, ReadonlySet<string>>();
  const ownLemmas = new Set(dict.verbs.keys());
  const tier = options.tier ?? 1;
  for (const block of def.blocks) {
    const compiled = compileBlockPatterns(block.patterns, ctx);
    for (const verb of block.verbs) {
      const forms = [verb.base, ...verb.forms];
      const lemmaKeys = verb.base.words.flatMap(tokenKeys);
      const vi = Math.min(verb.base.verbIndex, verb.base.words.length - 1);
      const lemma = tokenKeys(verb.base.words[vi] ?? '')[0];
      if (!lemma) continue;
      const triggers = new Set<string>([lemma]);
      for (const f of forms) {
        const w = f.words[Math.min(f.verbIndex, f.words.length - 1)];
        const k = w ? tokenKeys(w)[0] : undefined;
        if (k) triggers.add(k);
      }
      // Multi-word verbs: the words before and after the verb word must stand next to it.
      const pre = verb.base.words.slice(0, vi).map((w) => wordOf(wordKey(w), [[w]], true, ctx));
      const post = verb.base.words.slice(vi + 1).map((w) => wordOf(wordKey(w), [[w]], true, ctx));
      const own = verb.code ?? block.code;
      const make = (
        code: string,
        before: Side | null,
        after: Side | null,
        line: number,
        text: string,
        extra?: { flags: string[]; forbidden: ReadonlySet<string> },
      ): VerbPattern => {
        const { forward, reverse } = splitCode(code);
        const patFlags = new Set<string>(extra?.flags);
        if (before?.compound || after?.compound) patFlags.add('recip');
        if (options.requireDyad) patFlags.add('dyad');
        const flagKey = [...patFlags].join(' ');
        if (!flagSets.has(flagKey)) flagSets.set(flagKey, patFlags);
        const flags = flagSets.get(flagKey)!;
        const targetAfter = after?.targetAfter ?? null;
        return {
          ...(targetAfter !== null && !before?.target ? { targetAfter: post.length + targetAfter } : {}),
          code: forward,
          reverse,
          noun: verb.noun,
          before: [...(before?.words ?? []), ...pre],
          words: [...post, ...(after?.words ?? [])],
          forbidden: extra?.forbidden ?? NO_WORDS,
          flags,
          tier,
          swap: (before?.target ?? false) || ((after?.source ?? false) && !(before?.source ?? false)),
          line,
          text: `${origin}:${line} ${block.name} ${text}`,
        };
      };
      const patterns: VerbPattern[] = [];
      if (own && options.bareVerbs !== false)
        patterns.push(make(own, null, null, verb.line, `${lemmaKeys.join('_')} [${own}]`));
      for (const c of compiled) patterns.push(make(c.code, c.before, c.after, c.line, c.text, c));
      const index = verb.noun ? dict.nouns : dict.verbs;
      for (const trigger of triggers) {
        // newsflow's own patterns for a verb were written to cover its uses, the ones that are
        // no event included: they win when they match, and the verb alone codes nothing more.
        const own = !verb.noun && ownLemmas.has(trigger);
        const list = index.get(trigger) ?? [];
        list.push(
          ...(own ? patterns.filter((x) => x.before.length + x.words.length > post.length) : patterns),
        );
        index.set(trigger, list);
        if (tier === 0 && !verb.noun) dict.own.add(trigger);
      }
      dict.size += patterns.length;
    }
  }
}

/** The code an actor carries on `date` ('YYYY-MM-DD'): the dated role that covers it, else the default. */
export function codeOn(roles: DatedCode[], defaultCode: string | null, date: string): string | null {
  for (const r of roles)
    if ((r.from === null || r.from <= date) && (r.to === null || date <= r.to)) return r.code;
  return defaultCode;
}

/**
 * The country a place belonged to on `date`: the dated code that covers it, else the one that
 * ended last before it (a gap in the dictionary's dates), else the earliest, else `fallback`.
 */
export function countryOn(roles: DatedCode[], fallback: string, date: string): string {
  const covering = codeOn(roles, null, date);
  if (covering) return covering;
  let before: DatedCode | null = null;
  for (const r of roles) if (r.to !== null && r.to < date && (!before || r.to > before.to!)) before = r;
  if (before) return before.code;
  return roles[0]?.code ?? fallback;
}

export interface PhraseOf<T> {
  keys: string[];
  value: T;
}

/** Every surface form of the actors: the phrases as written, and a plural of the last word. */
export function actorPhrases(
  actors: ActorDef[],
  tokenKeys: TokenKeys = createTokenKeys(),
): PhraseOf<ActorDef>[] {
  const out: PhraseOf<ActorDef>[] = [];
  for (const a of actors) {
    // '[---]' is PETRARCH's null code: the phrase is known and names no actor.
    if ((a.defaultCode === null || a.defaultCode === '---') && a.roles.length === 0) continue;
    for (const phrase of a.phrases) {
      const keys = phrase.flatMap(tokenKeys);
      if (keys.length === 0) continue;
      out.push({ keys, value: a });
      const lastKey = keys[keys.length - 1]!;
      if (/^[a-z]{4,}$/.test(lastKey) && !lastKey.endsWith('s'))
        out.push({ keys: [...keys.slice(0, -1), `${lastKey}s`], value: a });
    }
  }
  return out;
}

export function agentPhrases(
  agents: AgentDef[],
  tokenKeys: TokenKeys = createTokenKeys(),
): PhraseOf<AgentDef>[] {
  const out: PhraseOf<AgentDef>[] = [];
  for (const a of agents)
    for (const phrase of a.phrases) {
      const keys = phrase.flatMap(tokenKeys);
      if (keys.length > 0) out.push({ keys, value: a });
    }
  return out;
}

export interface DiscardTable {
  /** Discard phrases by first key; each a list of keys with its level. */
  byFirst: Map<string, { keys: string[]; story: boolean }[]>;
  /**
   * Sentence discards that are a bare year ('1995'). Phoenix lists the years before its own
   * time, to leave out background ('In 1995, Russia …'); newsflow codes articles of any date, so
   * a listed year discards a sentence only when it is before the article's year.
   */
  years: Set<string>;
  size: number;
}

const YEAR = /^(1[0-9]|20)[0-9]{2}$/;

export function compileDiscards(
  discards: DiscardDef[],
  tokenKeys: TokenKeys = createTokenKeys(),
): DiscardTable {
  const byFirst = new Map<string, { keys: string[]; story: boolean }[]>();
  const years = new Set<string>();
  let size = 0;
  for (const d of discards) {
    const keys = d.words.flatMap(tokenKeys);
    if (keys.length === 0) continue;
    if (keys.length === 1 && !d.story && YEAR.test(keys[0]!)) {
      years.add(keys[0]!);
      size++;
      continue;
    }
    const list = byFirst.get(keys[0]!) ?? [];
    list.push({ keys, story: d.story });
    byFirst.set(keys[0]!, list);
    size++;
  }
  return { byFirst, years, size };
}

/**
 * 'story' or 'sentence' when a discard phrase stands in the tokens [a, b), else null (story
 * wins). A year discard counts when the year is before `articleYear` (never without one).
 */
export function discardIn(
  table: DiscardTable,
  norms: string[],
  a: number,
  b: number,
  articleYear: number | null = null,
): 'story' | 'sentence' | null {
  let found: 'story' | 'sentence' | null = null;
  for (let i = a; i < b; i++) {
    if (articleYear !== null && table.years.has(norms[i]!) && Number(norms[i]) < articleYear)
      found ??= 'sentence';
    const list = table.byFirst.get(norms[i]!);
    if (!list) continue;
    for (const d of list) {
      if (i + d.keys.length > b) continue;
      let ok = true;
      for (let k = 1; k < d.keys.length && ok; k++) ok = norms[i + k] === d.keys[k];
      if (!ok) continue;
      if (d.story) return 'story';
      found = 'sentence';
    }
  }
  return found;
}
