// Source and target assignment inside one sentence: clause ends, subjects (with conjuncts,
// appositives, shared subjects of conjoined verbs), objects, passive agents, attribution.
import type { Chunk } from './actors.ts';
import { verbGroup, type VerbGroup } from './clauses.ts';
import type { Trigger } from './sentence-types.ts';
import type { Token } from './types.ts';

const NON_TARGET_PREPS = new Set([
  'in',
  'at',
  'near',
  'during',
  'since',
  'amid',
  'after',
  'before',
  'within',
  'despite',
  'throughout',
  'inside',
  'across',
  'like',
  'than',
  'under',
  'until',
  'via',
  'including',
]);
const CLAUSE_OPENERS = new Set([
  'as',
  'while',
  'after',
  'when',
  'because',
  'since',
  'before',
  'although',
  'though',
  'whereas',
  'until',
]);
const TOPIC_PREPS = new Set(['on', 'about', 'over', 'regarding', 'concerning', 'into']);
const BARRIER_WORDS = new Set([
  'while',
  'whereas',
  'because',
  'but',
  'although',
  'though',
  'when',
  'after',
  'before',
  'unless',
  'if',
  'since',
]);
const SPEECH_AFTER = new Set([
  'said',
  'says',
  'say',
  'told',
  'reported',
  'added',
  'announced',
  'stated',
  'according',
  'quoted',
]);
export const VERBAL_ONLY = new Set(['01', '02', '03', '09', '10', '11', '12', '13']);

export function isParticipleForm(t: Token): boolean {
  return t.norm !== t.lemma && !t.norm.endsWith('s') && !t.norm.endsWith('ing');
}

/** First token after `at` where the clause of the trigger ends (for target search). */
export function clauseEnd(tokens: Token[], at: number, b: number): number {
  for (let k = at + 1; k < b; k++) {
    const t = tokens[k]!;
    if (t.value === ';' || t.value === ':') return k;
    if (BARRIER_WORDS.has(t.norm) && tokens[k - 1]?.value === ',') return k;
    if (
      t.norm === 'unless' ||
      t.norm === 'if' ||
      t.norm === 'whereas' ||
      t.norm === 'while' ||
      t.norm === 'because'
    )
      return k;
    if (t.value === ',') {
      // ', the White House said' / ', according to ...' / ', said the ministry'
      for (let j = k + 1; j < Math.min(b, k + 9); j++) {
        const u = tokens[j]!;
        if (SPEECH_AFTER.has(u.norm)) return k;
        if (u.value === ',' || (u.pos === 'VERB' && tokens[j - 1]?.value !== '-')) break;
      }
      const next = tokens[k + 1];
      if (next && (next.norm === 'who' || next.norm === 'which' || next.norm === 'where')) return k;
    }
  }
  return b;
}

export function conjGroup(chunks: Chunk[], index: number): Chunk[] {
  // The chunk and every chunk joined to it by 'and' on either side.
  const group = [chunks[index]!];
  // conjWith always points back; a filtered list can break that, so only ever step backwards.
  for (let k = index; (chunks[k]?.conjWith ?? k) < k;) {
    k = chunks[k]!.conjWith!;
    group.unshift(chunks[k]!);
  }
  for (
    let k = index + 1;
    k < chunks.length && chunks[k]!.conjWith === k - 1 && group.includes(chunks[k - 1]!);
    k++
  )
    group.push(chunks[k]!);
  return group;
}

export function hasConditionAfter(tokens: Token[], at: number, b: number): boolean {
  // 'unless' makes a threat; 'if' is as often a conditional offer ('would meet him if ...').
  for (let k = at + 1; k < b; k++) if (tokens[k]!.norm === 'unless') return true;
  return false;
}

export function verbEarlierInClause(tokens: Token[], at: number, from: number): boolean {
  for (let k = at - 1; k >= from; k--) {
    const t = tokens[k]!;
    if (t.value === ',' || t.value === ';' || CLAUSE_OPENERS.has(t.norm)) return false;
    if (t.pos === 'VERB' && tokens[k - 1]?.value !== '-') return true;
  }
  return false;
}

export function attachLocatedSectors(tokens: Token[], chunks: Chunk[]): void {
  // 'rebels in the Ivory Coast', 'the government of Sudan': the country joins the sector word.
  for (let k = 0; k + 1 < chunks.length; k++) {
    const c = chunks[k]!;
    const d = chunks[k + 1]!;
    if (!c.actor.needsCountry || c.pronoun || c.pair || !d.actor.country || d.actor.needsCountry) continue;
    if (!(d.prep === 'in' || d.prep === 'of' || d.prep === 'from')) continue;
    const gap = tokens.slice(c.last, d.first).filter((t) => t.norm !== 'the');
    if (gap.length !== 1) continue;
    c.actor = { ...c.actor, country: d.actor.country, needsCountry: false, entityRef: d.actor.entityRef };
    d.placeOnly = true;
  }
}

export function isAttribution(tokens: Token[], subject: Chunk[], at: number, a: number): boolean {
  const prev = tokens[at - 1];
  if (prev && (prev.value === ',' || prev.value === '”' || prev.value === '"' || prev.value === "''"))
    return true;
  // ', the White House said': a clause with a verb comes before the speaker.
  const first = subject[0];
  const hasVerbBefore = (end: number): boolean => tokens.slice(a, end).some((t) => t.pos === 'VERB');
  if (!first) return at > a + 2 && tokens.slice(a, at).some((t) => t.value === ',') && hasVerbBefore(at);
  let k = first.first - 1;
  while (k >= a && (tokens[k]!.pos === 'DET' || tokens[k]!.pos === 'ADJ')) k--;
  const before = tokens[k];
  return (
    !!before &&
    (before.value === ',' || before.value === '”' || before.value === '"' || before.value === "''") &&
    hasVerbBefore(k)
  );
}

export function findSubject(
  tokens: Token[],
  chunks: Chunk[],
  at: number,
  group: VerbGroup,
  from: number,
  triggers: Trigger[],
  uncoded: number[],
): Chunk[] {
  const g = group.start;
  const before = tokens[g - 1];
  // ', urging the counterpart to ...': a participle clause shares the main clause's subject.
  if (before?.value === ',' && tokens[at]!.norm.endsWith('ing')) {
    const prevTrig = [...triggers].reverse().find((tr) => tr.at < g && tr.at >= from);
    if (prevTrig) return prevTrig.subject;
  }
  // 'X attacked Y and killed Z', 'X opened …, but was still refusing …': a conjoined verb
  // (auxiliaries and adverbs between) shares the subject of the previous verb.
  // A conjunction that opens the clause (', but was …') looks back past the clause's start.
  let c = g - 1;
  while (c > 0 && (tokens[c]!.pos === 'AUX' || tokens[c]!.pos === 'ADV')) c--;
  const conj = tokens[c];
  if (conj && (conj.norm === 'and' || conj.norm === 'but' || conj.norm === 'or')) {
    const opens = c <= from;
    const prevTrig = [...triggers].reverse().find((tr) => tr.at < g && (opens || tr.at >= from));
    if (prevTrig) return prevTrig.subject;
    const prevVerb = [...uncoded].reverse().find((v) => v < g && v >= from);
    if (prevVerb !== undefined)
      return findSubject(tokens, chunks, prevVerb, verbGroup(tokens, prevVerb, from), from, triggers, []);
  }
  // Appositive: 'Pakistan, a key U.S. ally in the war on terror, has refused'.
  if (before?.value === ',') {
    for (let q = g - 2; q >= from; q--) {
      const t = tokens[q]!;
      if (t.pos === 'VERB') break;
      if (t.value === ',') {
        const owner = chunks.findIndex((c) => c.last === q && c.first >= from && c.prep === null);
        if (owner >= 0 && (tokens[q + 1]?.pos === 'DET' || tokens[q + 1]?.pos === 'PROPN'))
          return conjGroup(chunks, owner).filter((c) => !c.placeOnly);
        break;
      }
    }
  }
  let best = -1;
  for (let k = 0; k < chunks.length; k++) {
    const c = chunks[k]!;
    if (c.first < from || c.last > g) continue;
    if (c.placeOnly) continue;
    if (c.pronoun && c.possessive) continue;
    const absolute = c.prep === 'with' && c.last === g && tokens[at]!.norm.endsWith('ing');
    if (c.prep !== null && !absolute) continue;
    best = k;
  }
  if (best < 0) return [];
  return conjGroup(chunks, best).filter((c) => !c.placeOnly && (c.prep === null || c === chunks[best]));
}

export function findTarget(
  tokens: Token[],
  chunks: Chunk[],
  at: number,
  end: number,
  subject: Chunk[],
  root: string,
  passive: boolean,
  matched: number[] = [],
): Chunk[] {
  // A reduced relative ('techniques used against ...') ends the object, unless its agent follows
  // ('positions held by the Kurdish militia': the holder is the target).
  for (let k = at + 2; k < end; k++) {
    const t = tokens[k]!;
    const prev = tokens[k - 1]!;
    if (
      t.pos === 'VERB' &&
      isParticipleForm(t) &&
      (prev.pos === 'NOUN' || prev.pos === 'PROPN') &&
      tokens[k + 1]?.norm !== 'by' &&
      tokens[k + 1]?.pos === 'ADP'
    ) {
      end = k;
      break;
    }
  }
  for (let k = 0; k < chunks.length; k++) {
    const c = chunks[k]!;
    if (c.first <= at || c.first >= end) continue;
    if (subject.includes(c)) continue;
    // 'arrived in Moscow', 'travelled to Beijing': the pattern's own preposition makes the place a target.
    const ownPrep = matched.includes(c.first - 1);
    if (c.placeOnly && !ownPrep) continue;
    if (ownPrep) return conjGroup(chunks, k).filter((x) => x.first > at);
    if (c.pronoun && c.possessive) continue;
    // 'positions held by the Kurdish militia': the owner of the object is the target.
    if (c.prep && NON_TARGET_PREPS.has(c.prep)) continue;
    if (passive && c.prep === 'by') continue;
    if (
      c.prep &&
      TOPIC_PREPS.has(c.prep) &&
      VERBAL_ONLY.has(root) &&
      root !== '11' &&
      root !== '12' &&
      c.prep !== 'for'
    )
      continue;
    return conjGroup(chunks, k).filter((x) => x.first > at && !x.placeOnly);
  }
  return [];
}

export function agentOf(chunks: Chunk[], at: number, end: number): Chunk[] {
  const k = chunks.findIndex((c) => c.first > at && c.first < end && c.prep === 'by');
  return k >= 0 ? conjGroup(chunks, k) : [];
}
