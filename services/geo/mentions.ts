// Toponym recognition without a parser: the longest gazetteer phrase over capitalised tokens,
// with filters for words that are place names only by accident (people, months, institutions).
import type { Gazetteer } from './gazetteer.ts';
import type { GazEntry, PlaceMention } from './types.ts';
import { joins, tokenize } from './tokens.ts';
import type { Token } from './tokens.ts';

export interface FindOptions {
  /** Also return peoples and adjectives standing for places ('Syrian', 'Europeans'). Default false:
   * event places are names; the geocode CLI turns this on to match the GeoWebNews annotation. */
  demonyms?: boolean;
  /** Gazetteer to match against. */
  gazetteer: Gazetteer;
}

const CONNECTORS = new Set([
  'of',
  'and',
  'the',
  'de',
  'del',
  'der',
  'la',
  'le',
  'les',
  'du',
  'des',
  'da',
  'do',
  'dos',
  'upon',
  'on',
  'es',
  'al',
  'el',
  'am',
  'an',
  'im',
  'sur',
  'y',
  'e',
  'di',
  'en',
  'ez',
  'az',
  'ar',
  'ad',
  'as',
]);
const QUALIFIERS = new Set([
  'north',
  'south',
  'east',
  'west',
  'northern',
  'southern',
  'eastern',
  'western',
  'central',
  'northeast',
  'northwest',
  'southeast',
  'southwest',
  'northeastern',
  'northwestern',
  'southeastern',
  'southwestern',
  'north-east',
  'north-west',
  'south-east',
  'south-west',
  'north-eastern',
  'north-western',
  'south-eastern',
  'south-western',
  'upstate',
  'downtown',
  'rural',
  'coastal',
]);
const REGION_WORDS = new Set([
  'province',
  'region',
  'governorate',
  'oblast',
  'state',
  'district',
  'prefecture',
]);
/** Capitalised words that never make the word beside them part of a longer name. */
const FUNCTION_WORDS = new Set([
  'in',
  'at',
  'on',
  'from',
  'to',
  'the',
  'a',
  'an',
  'and',
  'or',
  'but',
  'of',
  'for',
  'with',
  'by',
  'near',
  'into',
  'across',
  'outside',
  'inside',
  'across',
  'since',
  'as',
  'if',
  'when',
  'while',
  'after',
  'before',
  'during',
  'like',
  'than',
  'both',
  'between',
  'about',
  'over',
  'under',
  'via',
  'meanwhile',
  'however',
  'also',
  'then',
  'so',
  'yet',
  'this',
  'that',
  'these',
  'those',
  'its',
  'their',
  'his',
  'her',
  'our',
  'my',
  'your',
  'all',
  'some',
  'many',
  'most',
  'every',
  'each',
  'is',
  'was',
  'are',
  'were',
  'be',
  'has',
  'have',
  'had',
  'will',
  'would',
  'said',
  'says',
  'says',
  'including',
  'against',
  'toward',
  'towards',
  'throughout',
  'within',
  'without',
  'around',
  'through',
  'where',
  'which',
  'who',
  'what',
  'how',
  'why',
  'there',
  'here',
  'it',
  'he',
  'she',
  'we',
  'they',
  'i',
  'you',
  'not',
  'no',
  'yes',
  'even',
  'only',
  'just',
  'now',
  'today',
  'yesterday',
  'tomorrow',
]);
/** Words that follow a place name inside the name of something based there ('Toronto Police'). */
const ORG_HEADS = new Set([
  'police',
  'times',
  'post',
  'star',
  'herald',
  'tribune',
  'journal',
  'news',
  'university',
  'college',
  'airport',
  'fc',
  'city',
  'united',
  'council',
  'court',
  'department',
  'government',
  'hospital',
  'museum',
  'zoo',
  'station',
  'street',
  'road',
  'avenue',
  'bridge',
  'river',
  'harbour',
  'harbor',
  'stadium',
  'club',
  'mayor',
  'governor',
  'stock',
  'exchange',
  'marathon',
  'festival',
  'symphony',
  'orchestra',
  'chamber',
  'board',
  'agency',
  'authority',
  'cup',
  'open',
  'metro',
  'transit',
  'school',
  'schools',
  'public',
  'fire',
  'sheriff',
  'area',
  'port',
  'ministry',
  'parliament',
  'assembly',
  'senate',
  'congress',
  'embassy',
  'consulate',
  'office',
  'bureau',
]);
/**
 * Nouns that, after a place name, make it the name of an agreement or process rather than a place
 * ('Minsk obligations', 'Paris agreement', 'Oslo accords'). Meetings ('Munich talks') are left out:
 * they do happen in the place.
 */
const AGREEMENT_HEADS = new Set([
  'agreement',
  'agreements',
  'accord',
  'accords',
  'obligations',
  'commitments',
  'protocol',
  'protocols',
  'process',
  'format',
  'deal',
  'treaty',
  'memorandum',
  'declaration',
  'convention',
  'conventions',
  'principles',
  'formula',
  'framework',
  'arrangements',
]);
const STRONG_KINDS = new Set(['country', 'continent', 'supranational', 'world-region', 'water', 'region']);

interface RawMatch {
  from: number;
  to: number;
  key: string;
  entries: readonly GazEntry[];
  demonym: boolean;
  embeddedLeft: boolean;
  embeddedRight: boolean;
}

function isStrong(entries: readonly GazEntry[]): boolean {
  return entries.some((e) => STRONG_KINDS.has(e.kind) || (e.kind === 'city' && e.population >= 100_000));
}

function hasCountry(entries: readonly GazEntry[]): boolean {
  return entries.some((e) => e.kind !== 'city' && e.kind !== 'admin1');
}

/** Find place names in text. Offsets are indices into `text`, end exclusive. */
export function findPlaceMentions(text: string, options: FindOptions): PlaceMention[] {
  const gaz = options.gazetteer;
  const toks = tokenize(text);
  const raw = rawMatches(gaz, text, toks, options.demonyms ?? false);
  const lowerWords = new Set<string>();
  for (const t of toks) if (!t.cap) lowerWords.add(t.lower);
  const seen: MatchContext = { gaz, text, toks, people: surnamesIn(raw), lowerWords };
  const out: PlaceMention[] = [];
  for (const m of raw) if (!isRejected(m, seen)) out.push(toMention(m, text, toks));
  return out;
}

function nameWord(t: Token | undefined): boolean {
  return !!t && t.cap && !FUNCTION_WORDS.has(t.lower);
}

/** The longest gazetteer match at each capitalised word, left to right, with what touches it. */
function rawMatches(gaz: Gazetteer, text: string, toks: Token[], wantDemonyms: boolean): RawMatch[] {
  const raw: RawMatch[] = [];
  for (let i = 0; i < toks.length;) {
    const t = toks[i]!;
    if (!t.cap) {
      i++;
      continue;
    }
    const m = longestMatch(gaz, text, toks, i, wantDemonyms);
    if (!m) {
      i++;
      continue;
    }
    const left = toks[m.from - 1];
    const right = toks[m.to + 1];
    m.embeddedLeft =
      !!left && nameWord(left) && !QUALIFIERS.has(left.lower) && joins(text, left, toks[m.from]!);
    m.embeddedRight =
      !!right &&
      nameWord(right) &&
      joins(text, toks[m.to]!, right) &&
      !REGION_WORDS.has(right.lower) &&
      !ORG_HEADS.has(right.lower);
    raw.push(m);
    i = m.to + 1;
  }
  return raw;
}

/** A word met as the surname of a longer name ('Barack Obama') is that person everywhere in the text. */
function surnamesIn(raw: readonly RawMatch[]): Set<string> {
  const people = new Set<string>();
  for (const m of raw) {
    if (
      !m.demonym &&
      m.embeddedLeft &&
      !m.embeddedRight &&
      m.entries.every((e) => e.kind === 'city') &&
      !isStrong(m.entries)
    ) {
      people.add(m.key);
    }
  }
  return people;
}

interface MatchContext {
  gaz: Gazetteer;
  text: string;
  toks: Token[];
  /** Surnames met in the text. */
  people: Set<string>;
  /** Words met in lower case somewhere in the text. */
  lowerWords: Set<string>;
}

/** A match that is not a place here: a stop word, part of a person's or a team's name, 'Of'. */
function isRejected(m: RawMatch, c: MatchContext): boolean {
  const { gaz, text, toks } = c;
  const first = toks[m.from]!;
  const last = toks[m.to]!;
  const single = m.from === m.to;
  if (!m.demonym) {
    if (gaz.stopwords.has(m.key)) return true;
    if (m.embeddedLeft && !isStrong(m.entries)) return true;
    // 'Texas Rangers', 'Houston Rockets' name a place; 'Vladimir Putin' does not.
    if (m.embeddedRight) {
      const nextKey = gaz.keyOf(toks[m.to + 1]!.text);
      if (gaz.personNames.has(nextKey) || c.people.has(nextKey)) return true;
      if (
        !hasCountry(m.entries) &&
        !m.entries.some((e) => e.kind === 'admin1' || (e.kind === 'city' && e.population >= 100_000))
      )
        return true;
    }
    if (single && !hasCountry(m.entries)) {
      if (gaz.personNames.has(m.key) || c.people.has(m.key)) return true;
      if (c.lowerWords.has(first.lower) && !isStrong(m.entries)) return true;
      if (first.allCaps && m.key.length <= 4 && !m.entries.some((e) => e.kind !== 'city')) return true;
    }
  }
  const next = toks[m.to + 1];
  if (!m.demonym && next && AGREEMENT_HEADS.has(next.lower) && joins(text, last, next)) return true;
  // Short names only in capitals ('US', 'EU') or as abbreviations ('Va.'); never 'Of' or 'Us'.
  return (
    m.key.length <= 3 && !/^[\p{Lu}.\s-]+$/u.test(text.slice(first.start, last.end)) && text[last.end] !== '.'
  );
}

/** The mention of a kept match, widened to 'the X region' / 'the region of X' and a qualifier ('northern'). */
function toMention(m: RawMatch, text: string, toks: Token[]): PlaceMention {
  const first = toks[m.from]!;
  const last = toks[m.to]!;
  let start = first.start;
  let end = last.end;
  let qualifier: string | undefined;
  let hint: 'region' | undefined;
  const after = toks[m.to + 1];
  if (
    !m.demonym &&
    after &&
    REGION_WORDS.has(after.lower) &&
    joins(text, last, after) &&
    !nameWord(toks[m.to + 2])
  ) {
    end = after.end;
    hint = 'region';
  }
  let q = m.from - 1;
  if (
    !m.demonym &&
    toks[q]?.lower === 'of' &&
    REGION_WORDS.has(toks[q - 1]?.lower ?? '') &&
    joins(text, toks[q]!, first)
  ) {
    start = toks[q - 1]!.start;
    hint = 'region';
    q -= 2;
  }
  const qual = qualifierBefore(text, toks, q, toks[q + 1] ?? first);
  if (qual && !m.demonym) {
    start = qual.start;
    qualifier = qual.word;
  }
  const mention: PlaceMention = {
    name: text.slice(start, end),
    start,
    end,
    place: text.slice(first.start, last.end),
  };
  if (qualifier) mention.qualifier = qualifier;
  mention.kind = m.demonym ? 'demonym' : 'name';
  if (hint) mention.hint = hint;
  return mention;
}

function qualifierBefore(
  text: string,
  toks: Token[],
  q: number,
  next: Token,
): { word: string; start: number } | undefined {
  const t = toks[q];
  if (!t || !joins(text, t, next)) return undefined;
  if (QUALIFIERS.has(t.lower)) {
    const before = toks[q - 1];
    // 'north-eastern Syria' arrives as 'north' '-' 'eastern'.
    if (before && text.slice(before.end, t.start) === '-' && QUALIFIERS.has(`${before.lower}-${t.lower}`)) {
      return { word: `${before.lower}-${t.lower}`, start: before.start };
    }
    return { word: t.lower, start: t.start };
  }
  return undefined;
}

function longestMatch(
  gaz: Gazetteer,
  text: string,
  toks: Token[],
  i: number,
  demonyms: boolean,
): RawMatch | undefined {
  let last = i;
  // Extend while tokens join into one phrase.
  while (
    last + 1 < toks.length &&
    last - i + 1 < gaz.maxTokens &&
    joins(text, toks[last]!, toks[last + 1]!, true)
  ) {
    const nt = toks[last + 1]!;
    if (!nt.cap && !CONNECTORS.has(nt.lower)) break;
    last++;
  }
  for (let j = last; j >= i; j--) {
    const end = toks[j]!;
    if (!end.cap) continue;
    const key = gaz.keyOf(text.slice(toks[i]!.start, end.end));
    const entries = gaz.lookup(key);
    const dem = demonyms ? gaz.lookupDemonym(key) : [];
    // 'Canadian' is a town in Texas, but a demonym first unless a country has that name.
    if (dem.length && !hasCountry(entries))
      return { from: i, to: j, key, entries: dem, demonym: true, embeddedLeft: false, embeddedRight: false };
    if (entries.length)
      return { from: i, to: j, key, entries, demonym: false, embeddedLeft: false, embeddedRight: false };
  }
  return undefined;
}
