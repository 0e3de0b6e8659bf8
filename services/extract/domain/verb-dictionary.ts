// The coder's verb table (compiled from PETRARCH-layout verb files by petrarch/compile.ts, the
// modality rules read here) and the matcher of its patterns at a trigger token. Patterns are
// indexed by trigger lemma, so a sentence costs one map lookup per verb or noun.
import { WEEKDAYS } from './dates.ts';
import type { Token } from './types.ts';

export interface PatternWord {
  /** One-token alternatives (lemma or lower-case form); shared between the words of one synset. */
  alts: ReadonlySet<string>;
  /** Multi-token alternatives (a PETRARCH synset phrase such as 'to the end'). */
  seqs?: string[][];
  adjacent: boolean;
}

export interface VerbPattern {
  /** CAMEO code of the event source → target; '' when the pattern codes no such event. */
  code: string;
  /** Code of the paired event target → source (PETRARCH '[042:043]', '[:173]'), or null. */
  reverse: string | null;
  noun: boolean;
  /** Words that must stand before the trigger in its clause, in order (the last one nearest). */
  before: PatternWord[];
  words: PatternWord[];
  forbidden: ReadonlySet<string>;
  flags: ReadonlySet<string>;
  /** The subject is the target and the actor after the verb the source (PETRARCH '+ *', '* $'). */
  swap: boolean;
  /** 0: newsflow's own pattern; 1: a PETRARCH dictionary's. A matching pattern of a lower tier wins. */
  tier: number;
  /** PETRARCH '+' after the verb: the target is the first actor after this many of `words`. */
  targetAfter?: number;
  line: number;
  text: string;
}

export interface VerbDictionary {
  verbs: Map<string, VerbPattern[]>;
  nouns: Map<string, VerbPattern[]>;
  intent: Map<string, string>;
  threat: Map<string, string>;
  reject: Map<string, string>;
  demand: Map<string, string>;
  size: number;
  /** Lemmas of newsflow's own verb patterns: only these are triggers when tagged as adjectives ('willing'). */
  own: Set<string>;
  /** Word indexes of the long pattern lists of `verbs` and `nouns` (see indexVerbDictionary). */
  anchors: Map<VerbPattern[], PatternIndex>;
}

/**
 * The patterns of one trigger by one required word each (its anchor): a pattern can match only
 * where its anchor's lemma or form occurs in the clause, so a trigger with hundreds of patterns
 * (Phoenix blocks) costs a lookup per clause word instead of a test per pattern.
 */
export interface PatternIndex {
  /** Positions in the pattern list, by anchor alternative, ascending. */
  byWord: Map<string, number[]>;
  /** Positions of the patterns with no one-token word to anchor on (trigger alone, phrases only). */
  always: number[];
}

export interface PatternMatch {
  pattern: VerbPattern;
  /** Token indexes of the matched words after the trigger. */
  matched: number[];
  /** Token indexes of the matched words before the trigger. */
  before: number[];
  /** With `pattern.targetAfter`: the target is the first actor after this token. */
  targetFrom?: number;
}

/** Length of the match of `w` at token `k` (0 = no match). */
function matchLength(w: PatternWord, tokens: Token[], k: number, limit: number): number {
  const t = tokens[k];
  if (!t) return 0;
  if (wordMatches(w.alts, t)) return 1;
  if (w.seqs)
    for (const seq of w.seqs) {
      if (k + seq.length > limit) continue;
      let ok = true;
      for (let j = 0; j < seq.length && ok; j++) {
        const u = tokens[k + j]!;
        ok = u.norm === seq[j] || u.lemma === seq[j];
      }
      if (ok) return seq.length;
    }
  return 0;
}

/** The words before the trigger, matched right to left from `at - 1` down to `from`; their tokens, or null. */
function matchBefore(words: PatternWord[], tokens: Token[], at: number, from: number): number[] | null {
  const matched: number[] = [];
  let pos = at - 1;
  let mustTouch = true;
  for (let w = words.length - 1; w >= 0; w--) {
    const word = words[w]!;
    const adjacent = word.adjacent && mustTouch;
    const stop = adjacent ? pos : Math.max(from, pos - WINDOW + 1);
    let found = -1;
    let length = 0;
    for (let k = pos; k >= stop && k >= from; k--) {
      length = matchLength(word, tokens, k, at);
      if (length > 0) {
        found = k;
        break;
      }
    }
    if (found < 0) return null;
    for (let j = 0; j < length; j++) matched.push(found + j);
    pos = found - 1;
    mustTouch = w > 0 && words[w - 1]!.adjacent;
  }
  return matched;
}

const WINDOW = 8;
// 'agreed on Wednesday that', 'met today with': time words never break an adjacent match.
const TIME_WORDS = new Set([
  'today',
  'yesterday',
  'tomorrow',
  'tonight',
  ...WEEKDAYS,
  'again',
  'also',
  'later',
  'earlier',
]);

function skipTime(tokens: Token[], pos: number, limit: number): number {
  let p = pos;
  for (;;) {
    const t = tokens[p];
    if (!t || p >= limit) return p;
    if (TIME_WORDS.has(t.norm)) p++;
    else if (t.norm === 'on' && TIME_WORDS.has(tokens[p + 1]?.norm ?? '')) p += 2;
    else return p;
  }
}

/** A dictionary with no patterns and no modality rules, for the compilers to fill. */
export function emptyVerbDictionary(): VerbDictionary {
  return {
    verbs: new Map(),
    nouns: new Map(),
    intent: new Map(),
    threat: new Map(),
    reject: new Map(),
    demand: new Map(),
    size: 0,
    own: new Set(),
    anchors: new Map(),
  };
}

// Below this many patterns a trigger's list is matched pattern by pattern.
const INDEX_FROM = 5;

/** Builds the anchors of every long pattern list; call once the dictionary is complete. */
export function indexVerbDictionary(dict: VerbDictionary): void {
  dict.anchors.clear();
  for (const table of [dict.verbs, dict.nouns])
    for (const patterns of table.values())
      if (patterns.length >= INDEX_FROM) dict.anchors.set(patterns, indexPatterns(patterns));
}

function indexPatterns(patterns: readonly VerbPattern[]): PatternIndex {
  const byWord = new Map<string, number[]>();
  const always: number[] = [];
  patterns.forEach((p, i) => {
    // The required one-token word least likely to be in a clause: a content word before a
    // function word ('to', 'with' are in most clauses), then the fewest alternatives.
    let anchor: PatternWord | undefined;
    const cost = (w: PatternWord): number => w.alts.size + (isFunctionWord(w) ? 1000 : 0);
    for (const w of [...p.words, ...p.before]) if (!w.seqs && (!anchor || cost(w) < cost(anchor))) anchor = w;
    if (!anchor) {
      always.push(i);
      return;
    }
    for (const a of anchor.alts) {
      const list = byWord.get(a);
      if (!list) byWord.set(a, [i]);
      else list.push(i);
    }
  });
  return { byWord, always };
}

const FUNCTION_WORDS = new Set(
  'a an the to of in on at by for from with as and or but that this his her its their not into over against about after'.split(
    ' ',
  ),
);

function isFunctionWord(w: PatternWord): boolean {
  for (const a of w.alts) if (FUNCTION_WORDS.has(a)) return true;
  return false;
}

/**
 * The patterns of `patterns` whose anchor is the form or lemma of a token in `from`..`limit`,
 * in list order and each once: the only patterns whose words can all be found there. Marked in a
 * table the size of the list, so a long clause (a page with no full stop) costs one lookup per
 * token, never a sort of every hit.
 */
function candidates(
  index: PatternIndex,
  patterns: readonly VerbPattern[],
  tokens: Token[],
  from: number,
  limit: number,
): VerbPattern[] {
  const size = patterns.length;
  const seen = new Uint8Array(size);
  for (const i of index.always) seen[i] = 1;
  for (let k = from; k < limit; k++) {
    const t = tokens[k];
    if (!t) break;
    markAll(seen, index.byWord.get(t.norm));
    if (t.lemma !== t.norm) markAll(seen, index.byWord.get(t.lemma));
  }
  const out: VerbPattern[] = [];
  for (let i = 0; i < size; i++) if (seen[i]) out.push(patterns[i]!);
  return out;
}

function markAll(seen: Uint8Array, list: number[] | undefined): void {
  if (list) for (let j = 0; j < list.length; j++) seen[list[j]!] = 1;
}

/**
 * Reads data/dictionaries/modality.txt ('%intent ROOT CODE' …, format in its header) into the
 * modality tables of `dict`. A line that cannot be read throws with its line number.
 */
export function addModality(dict: VerbDictionary, source: string, file = 'modality.txt'): void {
  source.split('\n').forEach((raw, n) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const [directive, root, code, extra] = line.split(/\s+/);
    const table = {
      '%intent': dict.intent,
      '%threat': dict.threat,
      '%reject': dict.reject,
      '%demand': dict.demand,
    }[directive ?? ''];
    if (!table || !root || !/^\d{2}$/.test(root) || !code || !/^\d{3,4}$/.test(code) || extra)
      throw new Error(
        `${file}:${n + 1}: expected '%intent|%threat|%reject|%demand ROOT CODE', got '${line}'`,
      );
    table.set(root, code);
  });
}

function wordMatches(alts: ReadonlySet<string>, token: Token): boolean {
  return alts.has(token.lemma) || alts.has(token.norm);
}

function weight(p: VerbPattern): number {
  return p.words.length + p.before.length;
}

/** The last matched token, or the trigger when no word after it matched. */
function lastOf(matched: number[], at: number): number {
  return matched.length > 0 ? matched[matched.length - 1]! : at;
}

/**
 * Best pattern for the trigger at `at`, matching words up to `limit` (exclusive) and, for words
 * before the trigger, from `from`. A newsflow pattern beats a PETRARCH one; then the pattern
 * with the most words wins; ties go to the earlier. With the list's `index`, only the patterns
 * whose anchor word occurs between `from` and `limit` are tried (the others cannot match).
 */
export function matchAt(
  patterns: VerbPattern[] | undefined,
  tokens: Token[],
  at: number,
  limit: number,
  from: number = Math.max(0, at - WINDOW),
  index?: PatternIndex,
): PatternMatch | undefined {
  if (!patterns) return undefined;
  let best: PatternMatch | undefined;
  const tried = index ? candidates(index, patterns, tokens, from, limit) : patterns;
  for (const p of tried) {
    if (
      best &&
      (p.tier > best.pattern.tier || (p.tier === best.pattern.tier && weight(p) < weight(best.pattern)))
    )
      continue;
    const before = p.before.length > 0 ? matchBefore(p.before, tokens, at, from) : [];
    if (!before) continue;
    const tie = best !== undefined && p.tier === best.pattern.tier && weight(p) === weight(best.pattern);
    if (p.forbidden.size > 0) {
      let hit = false;
      for (let k = at + 1; k < Math.min(limit, at + 1 + WINDOW) && !hit; k++) {
        const t = tokens[k];
        if (t && (p.forbidden.has(t.lemma) || p.forbidden.has(t.norm))) hit = true;
      }
      if (hit) continue;
    }
    const matched: number[] = [];
    let pos = at + 1;
    let ok = true;
    let targetFrom = p.targetAfter === 0 ? at : undefined;
    for (let wi = 0; wi < p.words.length; wi++) {
      const w = p.words[wi]!;
      if (w.adjacent) pos = skipTime(tokens, pos, limit);
      const end = Math.min(limit, w.adjacent ? pos + 1 : pos + WINDOW);
      let found = -1;
      let length = 0;
      for (let k = pos; k < end; k++) {
        length = matchLength(w, tokens, k, limit);
        if (length > 0) {
          found = k;
          break;
        }
      }
      if (found < 0) {
        ok = false;
        break;
      }
      for (let j = 0; j < length; j++) matched.push(found + j);
      pos = found + length;
      if (p.targetAfter === wi + 1) targetFrom = pos - 1;
    }
    // Among patterns of equal weight the one whose words end nearest the trigger wins ('closed
    // its border ... after the attack' is about the border); then the earlier.
    if (!ok || (tie && lastOf(matched, at) >= lastOf(best!.matched, at))) continue;
    best =
      targetFrom === undefined
        ? { pattern: p, matched, before }
        : { pattern: p, matched, before, targetFrom };
  }
  return best;
}
