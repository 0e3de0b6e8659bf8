// Parses data/dictionaries/verbs.txt (format in data/dictionaries/README.md) and matches its
// patterns at a trigger token. Patterns are indexed by trigger lemma, so a sentence costs one
// map lookup per verb or noun.
import { WEEKDAYS } from './dates.ts';
import type { Token } from './types.ts';

export interface PatternWord {
  alts: Set<string>;
  adjacent: boolean;
}

export interface VerbPattern {
  code: string;
  noun: boolean;
  words: PatternWord[];
  forbidden: Set<string>;
  flags: Set<string>;
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
}

export interface PatternMatch {
  pattern: VerbPattern;
  /** Token indexes of the matched words after the trigger. */
  matched: number[];
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

export function parseVerbDictionary(source: string): VerbDictionary {
  const dict: VerbDictionary = {
    verbs: new Map(),
    nouns: new Map(),
    intent: new Map(),
    threat: new Map(),
    reject: new Map(),
    demand: new Map(),
    size: 0,
  };
  const lines = source.split('\n');
  lines.forEach((raw, n) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const fields = line.split(/\s+/);
    if (fields[0]?.startsWith('%')) {
      const [directive, root, code] = fields;
      const table = {
        '%intent': dict.intent,
        '%threat': dict.threat,
        '%reject': dict.reject,
        '%demand': dict.demand,
      }[directive ?? ''];
      if (!table || !root || !code) throw new Error(`verbs.txt:${n + 1}: bad directive '${line}'`);
      table.set(root, code);
      return;
    }
    const flags = new Set<string>();
    while (fields.length > 0 && /^\[.*\]$/.test(fields[fields.length - 1] ?? '')) {
      const flag = (fields.pop() ?? '').slice(1, -1);
      flags.add(flag);
    }
    const [code, trigger, ...rest] = fields;
    if (!code || !/^\d{2,4}$/.test(code) || !trigger)
      throw new Error(`verbs.txt:${n + 1}: expected 'CODE TRIGGER [WORD ...]', got '${line}'`);
    const words: PatternWord[] = [];
    const forbidden = new Set<string>();
    for (const w of rest) {
      if (w.startsWith('~')) {
        for (const alt of w.slice(1).replace(/\^/g, '').split('|')) forbidden.add(alt.toLowerCase());
        continue;
      }
      const adjacent = w.startsWith('^');
      words.push({ adjacent, alts: new Set(w.replace(/\^/g, '').toLowerCase().split('|')) });
    }
    for (const t of trigger.split('|')) {
      const noun = t.startsWith('@');
      const lemma = t.replace(/^@/, '').toLowerCase();
      const pattern: VerbPattern = { code, noun, words, forbidden, flags, line: n + 1, text: line };
      const index = noun ? dict.nouns : dict.verbs;
      const list = index.get(lemma) ?? [];
      list.push(pattern);
      index.set(lemma, list);
      dict.size++;
    }
  });
  return dict;
}

function wordMatches(alts: Set<string>, token: Token): boolean {
  return alts.has(token.lemma) || alts.has(token.norm);
}

/** Best pattern for the trigger at `at`, matching words up to `limit` (exclusive). */
export function matchAt(
  patterns: VerbPattern[] | undefined,
  tokens: Token[],
  at: number,
  limit: number,
): PatternMatch | undefined {
  if (!patterns) return undefined;
  let best: PatternMatch | undefined;
  for (const p of patterns) {
    if (best && p.words.length <= best.pattern.words.length) continue;
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
    for (const w of p.words) {
      if (w.adjacent) pos = skipTime(tokens, pos, limit);
      const end = Math.min(limit, w.adjacent ? pos + 1 : pos + WINDOW);
      let found = -1;
      for (let k = pos; k < end; k++) {
        const t = tokens[k];
        if (t && wordMatches(w.alts, t)) {
          found = k;
          break;
        }
      }
      if (found < 0) {
        ok = false;
        break;
      }
      matched.push(found);
      pos = found + 1;
    }
    if (ok) best = { pattern: p, matched };
  }
  return best;
}
