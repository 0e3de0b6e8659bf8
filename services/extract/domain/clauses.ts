// Shallow clause structure over tokens: which tokens sit in relative or conditional clauses,
// where a verb group starts, and what modality and negation it carries.
import type { Token } from './types.ts';

const RELATIVE = new Set(['who', 'which', 'whom', 'whose', 'where']);
const CONDITIONAL = new Set(['if', 'unless', 'whether', 'until']);
const CLAUSE_END = new Set([',', ';', ':', '(', ')']);

/** Per token of [a, b): inside a relative clause, a conditional clause or parentheses. */
export function subordinateMask(tokens: Token[], a: number, b: number): Uint8Array {
  const mask = new Uint8Array(b - a);
  let mode = 0; // 1 relative, 2 conditional, 3 parentheses
  for (let i = a; i < b; i++) {
    const t = tokens[i]!;
    if (mode === 3) {
      mask[i - a] = 1;
      if (t.value === ')') mode = 0;
      continue;
    }
    if (t.value === '(') {
      mode = 3;
      mask[i - a] = 1;
      continue;
    }
    if (mode !== 0 && CLAUSE_END.has(t.value)) mode = 0;
    if (mode === 0) {
      const prev = tokens[i - 1];
      if (
        RELATIVE.has(t.norm) &&
        i > a &&
        prev &&
        (prev.pos === 'NOUN' || prev.pos === 'PROPN' || prev.value === ',')
      )
        mode = 1;
      else if (
        t.norm === 'that' &&
        prev &&
        (prev.pos === 'NOUN' || prev.pos === 'PROPN') &&
        tokens[i + 1]?.pos !== 'NOUN' &&
        !verbWithin(tokens, i, a, 4)
      )
        mode = 1;
      else if (CONDITIONAL.has(t.norm)) mode = 2;
    }
    if (mode !== 0) mask[i - a] = mode;
  }
  return mask;
}

// 'announced on Monday that ...': a 'that' shortly after a verb opens its complement clause.
function verbWithin(tokens: Token[], at: number, a: number, n: number): boolean {
  for (let k = at - 1; k >= Math.max(a, at - n); k--) if (tokens[k]!.pos === 'VERB') return true;
  return false;
}

const GROUP_POS = new Set(['AUX', 'ADV', 'PART']);
const INTENT_VERBS = new Set([
  'plan',
  'intend',
  'want',
  'hope',
  'aim',
  'seek',
  'expect',
  'decide',
  'prepare',
  'set',
  'going',
]);
const INTENT_ADJ = new Set(['ready', 'willing', 'prepared', 'set', 'poised', 'determined', 'likely']);

export interface VerbGroup {
  start: number;
  negated: boolean;
  /** 'will', 'would', 'must', 'could', 'intend' ... or null. */
  modal: string | null;
  passive: boolean;
}

export function verbGroup(tokens: Token[], at: number, a: number): VerbGroup {
  let start = at;
  let negated = false;
  let modal: string | null = null;
  let passive = false;
  let sawBe = false;
  for (let k = at - 1; k >= a; k--) {
    const t = tokens[k]!;
    const n = t.norm;
    if (n === 'not' || n === "n't" || n === 'never' || n === 'no') {
      negated = true;
      start = k;
      continue;
    }
    if (
      t.pos === 'AUX' ||
      n === 'will' ||
      n === 'would' ||
      n === 'wo' ||
      n === "'ll" ||
      n === 'must' ||
      n === 'should'
    ) {
      if (t.lemma === 'be' && k === start - 1) sawBe = true;
      if (t.lemma === 'be' || t.lemma === 'have' || t.lemma === 'do') {
        start = k;
        continue;
      }
      const m = n === 'wo' || n === "'ll" ? 'will' : n === 'ca' ? 'can' : n;
      modal ??= m;
      start = k;
      continue;
    }
    // 'is about to restore': imminent, coded as the act itself.
    if (n === 'to' || t.pos === 'ADV' || (n === 'about' && tokens[k + 1]?.norm === 'to')) {
      start = k;
      continue;
    }
    // 'plans to attack', 'is ready to talk', 'have to return'
    if (
      (t.pos === 'VERB' && (INTENT_VERBS.has(t.lemma) || t.lemma === 'have' || t.lemma === 'need')) ||
      (t.pos === 'ADJ' && INTENT_ADJ.has(t.norm))
    ) {
      if (tokens[k + 1]?.norm !== 'to') break;
      modal ??= t.lemma === 'have' || t.lemma === 'need' ? 'must' : 'intend';
      start = k;
      continue;
    }
    if (GROUP_POS.has(t.pos)) {
      start = k;
      continue;
    }
    break;
  }
  const v = tokens[at]!;
  if (sawBe && v.pos === 'VERB' && v.norm !== v.lemma && !v.norm.endsWith('ing')) passive = true;
  return { start, negated, modal, passive };
}
