// Word lists and tests that tell a name or an expletive from an actor mention.
import { MONTHS, WEEKDAYS } from './dates.ts';
import type { Token } from './types.ts';

export const TIME_NAMES = new Set([...WEEKDAYS, ...MONTHS]);
const OFFICE_WORDS = new Set([
  'president',
  'minister',
  'prime',
  'premier',
  'king',
  'emir',
  'sheikh',
  'general',
  'gen',
  'secretary',
  'foreign',
  'defence',
  'defense',
  'chancellor',
  'leader',
  'ambassador',
  'envoy',
  'spokesman',
  'vice',
  'deputy',
  'senator',
  'governor',
  'mayor',
  'crown',
  'prince',
  'queen',
  'judge',
  'colonel',
  'commander',
  'chief',
  'army',
  'navy',
  'government',
  'parliament',
]);

export function isOfficeWord(t: Token): boolean {
  return OFFICE_WORDS.has(t.norm);
}

// 'it is hard to', "it's going to be", 'it seems': an 'it' that refers to nothing.
const EXPLETIVE_WORDS = new Set([
  'hard',
  'easy',
  'important',
  'clear',
  'unclear',
  'likely',
  'unlikely',
  'possible',
  'impossible',
  'necessary',
  'difficult',
  'time',
  'crucial',
  'essential',
  'vital',
  'true',
  'obvious',
  'evident',
  'going',
  'said',
  'believed',
  'expected',
  'feared',
  'reported',
  'thought',
  'understood',
  'known',
  'worth',
  'too',
  'a',
  'an',
  'the',
  'no',
  'up',
  'better',
  'best',
  'good',
  'bad',
  'sad',
  'odd',
  'strange',
  'surprising',
  'unfortunate',
  'fair',
  'safe',
  'dangerous',
  'critical',
  'urgent',
  'interesting',
  'notable',
  'noteworthy',
  'high',
  'about',
  'because',
  'that',
  'what',
  'how',
  'why',
  'when',
  'this',
  'so',
  'still',
  'now',
]);
const SKIP_ADV = new Set([
  'not',
  "n't",
  'also',
  'even',
  'more',
  'less',
  'very',
  'really',
  'certainly',
  'probably',
  'perhaps',
  'still',
  'quite',
  'now',
  'already',
  'increasingly',
  'becoming',
  'been',
  'being',
]);

export function isExpletive(tokens: Token[], i: number): boolean {
  const next = tokens[i + 1];
  if (!next) return false;
  if (
    ['seems', 'seemed', 'appears', 'appeared', 'remains', 'remained', 'matters', 'takes', 'took'].includes(
      next.norm,
    )
  )
    return true;
  if (next.lemma !== 'be' && next.norm !== "'s") return false;
  let k = i + 2;
  while (tokens[k] && SKIP_ADV.has(tokens[k]!.norm)) k++;
  const w = tokens[k];
  return !w || EXPLETIVE_WORDS.has(w.norm) || w.pos === 'PUNCT';
}
