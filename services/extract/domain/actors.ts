// Actor recognition inside one sentence: dictionary phrases are found with the trie, then
// grouped into noun-phrase chunks ('Saudi Foreign Minister Adel al-Jubeir', 'Russian-backed
// Syrian government forces') and each chunk is resolved to one CAMEO-style actor code.
import type { ActorDictionary, ActorEntry } from './actor-dictionary.ts';
import {
  findMentions,
  isSponsor,
  primary,
  resolve,
  SPONSOR,
  type ChunkActor,
  type RawMention,
} from './chunk-actor.ts';
import { isExpletive, isOfficeWord, TIME_NAMES } from './name-cues.ts';
import type { Token } from './types.ts';

export type { ChunkActor } from './chunk-actor.ts';

export interface Chunk {
  first: number;
  /** Exclusive. */
  last: number;
  actor: ChunkActor;
  /** Lemma of the preposition governing the chunk ('in', 'with', 'by'), or null. */
  prep: string | null;
  /** Followed by a possessive "'s". */
  possessive: boolean;
  /** 'he', 'she', 'it', 'they' (and 'his', 'its', 'their'): resolved by coreference. */
  pronoun: string | null;
  /** 'the two leaders', 'both sides': the two actors last named. */
  pair: boolean;
  /** A capital or country name used as a location ('in Moscow'): a place, not an actor. */
  placeOnly: boolean;
  /** Index of the previous chunk joined to this one by 'and' / ','. */
  conjWith: number | null;
  /** Qualifier in front of a country used as a place ('northern'). */
  qualifier: string | null;
  /** Preceded by a possessive pronoun ('its troops'): belongs to another actor. */
  owned: boolean;
}

const GLUE_POS = new Set(['ADJ', 'PROPN', 'NUM']);
const LEFT_SKIP_POS = new Set(['DET', 'ADJ', 'NUM', 'ADV', 'PRON']);
const DIRECTIONS = new Set(['east', 'west', 'north', 'south', 'central', 'greater', 'upper', 'lower']);
// 'a group of Moroccan diplomats', 'thousands of students': 'of' after a quantity is no preposition.
const QUANTITY = new Set([
  'group',
  'groups',
  'thousands',
  'hundreds',
  'dozens',
  'scores',
  'tens',
  'millions',
  'members',
  'member',
  'number',
  'some',
  'many',
  'band',
  'team',
  'delegation',
  'contingent',
  'patch',
  'batch',
  'unit',
  'units',
  'most',
  'all',
  'several',
  'couple',
  'crowd',
  'crowds',
  'handful',
  'lot',
  'lots',
  'deployment',
]);
const PLACE_NOUNS = new Set([
  'town',
  'towns',
  'city',
  'cities',
  'village',
  'villages',
  'capital',
  'province',
  'provinces',
  'region',
  'regions',
  'territory',
  'territories',
  'port',
  'coast',
  'border',
  'borders',
  'island',
  'islands',
  'district',
  'districts',
  'state',
  'county',
  'countryside',
  'soil',
  'waters',
  'airspace',
  'frontier',
  'enclave',
  'peninsula',
  'highlands',
  'mountains',
  'desert',
  'camp',
  'camps',
]);
const QUALIFIERS = new Set([
  'northern',
  'southern',
  'eastern',
  'western',
  'central',
  'north',
  'south',
  'east',
  'west',
  'northeastern',
  'northwestern',
  'southeastern',
  'southwestern',
  'northeast',
  'northwest',
  'southeast',
  'southwest',
]);
const PRONOUNS = new Map([
  ['he', 'he'],
  ['she', 'she'],
  ['it', 'it'],
  ['they', 'they'],
  ['his', 'he'],
  ['her', 'she'],
  ['its', 'it'],
  ['their', 'they'],
  ['him', 'he'],
  ['them', 'they'],
]);
const PAIR_HEADS = new Set([
  'side',
  'sides',
  'leader',
  'leaders',
  'country',
  'countries',
  'men',
  'nations',
  'governments',
  'presidents',
]);
// Static locations only: 'withdrew from Lebanon', 'sent to Bosnia' keep the country as an actor.
const PLACE_PREPS = new Set([
  'in',
  'at',
  'near',
  'across',
  'throughout',
  'inside',
  'outside',
  'around',
  'via',
]);

/** An actor that is only a pointer ('he', 'the two leaders'): coreference fills it in later. */
function unnamedActor(): ChunkActor {
  return {
    country: null,
    sector: null,
    orgCode: null,
    person: null,
    title: false,
    entityRef: null,
    needsCountry: true,
  };
}

function prepBefore(tokens: Token[], first: number, a: number): string | null {
  for (let k = first - 1; k >= a; k--) {
    const t = tokens[k]!;
    if (t.norm === 'at' && (tokens[k + 1]?.norm === 'least' || tokens[k + 1]?.norm === 'most')) continue;
    // 'more than 100 Palestinians', 'up to 100 Albanians': a number, not a preposition.
    if (
      (t.norm === 'than' || t.norm === 'to') &&
      ['more', 'less', 'fewer', 'up', 'over'].includes(tokens[k - 1]?.norm ?? '')
    ) {
      k--;
      continue;
    }
    if (t.pos === 'ADP' || (t.pos === 'PART' && t.norm === 'to') || t.norm === 'to') {
      if (t.norm === 'of' && QUANTITY.has(tokens[k - 1]?.norm ?? '')) return null;
      return t.norm;
    }
    if (t.pos === 'PROPN' && DIRECTIONS.has(t.norm)) continue;
    if (LEFT_SKIP_POS.has(t.pos) || t.norm === "'s" || t.value === '-' || t.value === '“' || t.value === '"')
      continue;
    return null;
  }
  return null;
}

/** All actor chunks of the sentence spanning tokens [a, b). */
export function findChunks(
  dict: ActorDictionary,
  tokens: Token[],
  a: number,
  b: number,
  date: string,
): Chunk[] {
  const groups = mentionGroups(tokens, findMentions(dict, tokens, a, b));
  const chunks: Chunk[] = [];
  // Pronouns become chunks of their own, merged in token order.
  const items: ({ kind: 'group'; g: RawMention[] } | { kind: 'pron'; i: number })[] = [
    ...groups.map((g) => ({ kind: 'group' as const, g })),
    ...pronounPositions(tokens, a, b, groups).map((i) => ({ kind: 'pron' as const, i })),
  ].sort((x, y) => (x.kind === 'group' ? x.g[0]!.first : x.i) - (y.kind === 'group' ? y.g[0]!.first : y.i));
  for (const item of items) {
    const chunk =
      item.kind === 'pron' ? pronounChunk(tokens, item.i, a) : groupChunk(dict, tokens, item.g, a, b, date);
    if (chunk) chunks.push(chunk);
  }
  addPairChunks(tokens, a, b, chunks);
  chunks.sort((x, y) => x.first - y.first);
  linkChunks(tokens, chunks);
  return chunks;
}

/** Adjacent dictionary mentions that make one name ('Russian Foreign Minister Sergei Lavrov'). */
function mentionGroups(tokens: Token[], mentions: RawMention[]): RawMention[][] {
  const groups: RawMention[][] = [];
  for (const m of mentions) {
    const prev = groups[groups.length - 1];
    const last = prev?.[prev.length - 1];
    if (prev && last && joinable(tokens, last, m)) prev.push(m);
    else groups.push([m]);
  }
  return groups;
}

function pronounPositions(tokens: Token[], a: number, b: number, groups: RawMention[][]): number[] {
  const pronounAt: number[] = [];
  for (let i = a; i < b; i++) {
    const t = tokens[i]!;
    if (t.pos === 'PRON' || t.pos === 'DET') {
      // 'it is hard to ...', "it's going to be": an expletive 'it' refers to nothing.
      const expletive = t.norm === 'it' && isExpletive(tokens, i);
      if (PRONOUNS.has(t.norm) && !insideAny(groups, i) && !expletive) pronounAt.push(i);
    }
  }
  return pronounAt;
}

function pronounChunk(tokens: Token[], i: number, a: number): Chunk {
  const t = tokens[i]!;
  const isPossessive = ['his', 'her', 'its', 'their'].includes(t.norm);
  // 'his Russian counterpart' is a chunk of its own; a bare possessive pronoun is kept only
  // when it is the subject-like owner of a following noun.
  return {
    first: i,
    last: i + 1,
    actor: unnamedActor(),
    prep: prepBefore(tokens, i, a),
    possessive: isPossessive,
    pronoun: PRONOUNS.get(t.norm) ?? null,
    pair: false,
    placeOnly: false,
    conjWith: null,
    qualifier: null,
    owned: false,
  };
}

/** The chunk of a group of mentions, or null when the words name no actor here. */
function groupChunk(
  dict: ActorDictionary,
  tokens: Token[],
  g: RawMention[],
  a: number,
  b: number,
  date: string,
): Chunk | null {
  const first = g[0]!.first;
  const last = nameEnd(tokens, g[g.length - 1]!.last, b);
  if (isInsideLongerName(tokens, g, first, last, a)) return null;
  const actor = contextualActor(dict, tokens, g, first, last, date);
  if (isModifierOnly(tokens, g, last)) return null;
  const prep = prepBefore(tokens, first, a);
  const head = primary(g[g.length - 1]!.entries);
  const qual = tokens[first - 1];
  return {
    first,
    last,
    actor,
    prep,
    possessive: tokens[last]?.norm === "'s" || tokens[last]?.norm === "'",
    pronoun: null,
    pair: isPairOf(tokens, actor, head, first, last),
    placeOnly: isPlaceOnly(tokens, g, head, prep, first, last),
    conjWith: null,
    qualifier: qual && QUALIFIERS.has(qual.norm) ? qual.norm : null,
    owned: ['its', 'their', 'his', 'her', 'our'].includes(tokens[first - 1]?.norm ?? ''),
  };
}

/** Names the dictionary does not know extend the chunk ('Foreign Minister Adel al-Jubeir'). */
function nameEnd(tokens: Token[], last: number, b: number): number {
  while (
    last < b &&
    (tokens[last]!.pos === 'PROPN' ||
      (tokens[last]!.value === '-' && tokens[last + 1]?.pos === 'PROPN') ||
      (tokens[last]!.norm === 'al' && tokens[last + 1]?.value === '-'))
  )
    last++;
  return last;
}

/**
 * 'Air France', 'EU Aviation Strategy', 'Chinese Human Rights Defenders': a country or
 * organisation word inside a longer proper name is not that actor.
 */
function isInsideLongerName(
  tokens: Token[],
  g: RawMention[],
  first: number,
  last: number,
  a: number,
): boolean {
  const headKind = primary(g[g.length - 1]!.entries).kind;
  if (headKind !== 'country' && headKind !== 'org') return false;
  const before = tokens[first - 1];
  const after = tokens[last];
  const nameLike = (t: Token | undefined): boolean =>
    !!t && t.pos === 'PROPN' && t.upper && !TIME_NAMES.has(t.norm);
  return (
    (first - 1 > a &&
      nameLike(before) &&
      !DIRECTIONS.has(before!.norm) &&
      !g.some((m) => primary(m.entries).kind !== headKind)) ||
    (nameLike(after) && g.length === 1 && !isOfficeWord(after!))
  );
}

/** The group's actor; an ethnic group or a stateless people takes its country from the context. */
function contextualActor(
  dict: ActorDictionary,
  tokens: Token[],
  g: RawMention[],
  first: number,
  last: number,
  date: string,
): ChunkActor {
  const actor = resolve(dict.kb, tokens, g, date);
  // 'ethnic Albanians in Serbia': an ethnic group is coded to the country it lives in, which
  // the context gives (the place of the event, the other actor), not to its namesake state.
  const headEntry = primary(g[0]!.entries);
  // So is a people without a state of its own named in one ('Kurds in Turkey').
  const stateless =
    headEntry.kind === 'country' &&
    headEntry.form === 'demonym' &&
    g.length === 1 &&
    dict.kb.countryByCode(headEntry.country) === undefined &&
    tokens[last]?.norm === 'in' &&
    tokens[last + 1]?.upper === true;
  if (
    (tokens[first - 1]?.norm === 'ethnic' && headEntry.kind === 'country' && headEntry.form === 'demonym') ||
    stateless
  )
    return { ...actor, country: null, entityRef: null, needsCountry: true };
  return actor;
}

/** 'military aid', 'government offensive', 'an official protest': a sector word used as an adjective. */
function isModifierOnly(tokens: Token[], g: RawMention[], last: number): boolean {
  const lastEntry = primary(g[g.length - 1]!.entries);
  const nextTok = tokens[last];
  const sectorOnly = g.every((m) => primary(m.entries).kind === 'sector');
  if (
    sectorOnly &&
    lastEntry.kind === 'sector' &&
    lastEntry.modifier &&
    nextTok &&
    (nextTok.pos === 'NOUN' || nextTok.pos === 'ADJ' || nextTok.value === '-')
  )
    return true;
  return sectorOnly && tokens[last - 1]!.pos === 'ADJ' && !!nextTok && nextTok.pos === 'NOUN';
}

/** 'both governments', 'the two leaders': a sector word that stands for a pair of actors. */
function isPairOf(
  tokens: Token[],
  actor: ChunkActor,
  head: ActorEntry,
  first: number,
  last: number,
): boolean {
  if (!actor.needsCountry || head.kind !== 'sector') return false;
  const before = tokens[first - 1];
  const before2 = tokens[first - 2];
  const lastTok = tokens[last - 1]!;
  if (
    before &&
    (before.norm === 'both' ||
      (before.norm === 'two' && before2?.norm === 'the') ||
      (before.norm === 'the' && PAIR_HEADS.has(lastTok.norm) && lastTok.norm.endsWith('s')))
  )
    return PAIR_HEADS.has(lastTok.norm);
  return false;
}

/** 'in Moscow', 'the town of Samarra', 'the northern Iraqi city': the chunk names a place. */
function isPlaceOnly(
  tokens: Token[],
  g: RawMention[],
  head: ActorEntry,
  prep: string | null,
  first: number,
  last: number,
): boolean {
  // 'the besieged Bosnian town of Gorazde', 'the northern Iraqi city': a demonym in front of a
  // place noun names a place.
  const placeNoun =
    head.kind === 'country' && head.form === 'demonym' && PLACE_NOUNS.has(tokens[last]?.norm ?? '');
  return (
    placeNoun ||
    (g.length === 1 &&
      head.kind === 'country' &&
      head.form !== 'demonym' &&
      prep !== null &&
      // 'in Moscow', 'the town of Samarra'
      (PLACE_PREPS.has(prep) || (prep === 'of' && PLACE_NOUNS.has(tokens[first - 2]?.norm ?? ''))))
  );
}

/** 'both sides', 'the two countries' have no dictionary word for 'sides': look for them directly. */
function addPairChunks(tokens: Token[], a: number, b: number, chunks: Chunk[]): void {
  for (let i = a; i + 1 < b; i++) {
    const t = tokens[i]!;
    const n = tokens[i + 1]!;
    const pairStart = t.norm === 'both' || (t.norm === 'two' && tokens[i - 1]?.norm === 'the');
    if (
      pairStart &&
      (n.norm === 'sides' || n.norm === 'countries' || n.norm === 'nations' || n.norm === 'men') &&
      !chunks.some((c) => c.first <= i + 1 && c.last > i + 1)
    ) {
      chunks.push({
        first: t.norm === 'two' ? i - 1 : i,
        last: i + 2,
        actor: unnamedActor(),
        prep: prepBefore(tokens, i, a),
        possessive: false,
        pronoun: null,
        pair: true,
        placeOnly: false,
        conjWith: null,
        qualifier: null,
        owned: false,
      });
    }
  }
}

function insideAny(groups: RawMention[][], i: number): boolean {
  return groups.some((g) => g[0]!.first <= i && g[g.length - 1]!.last > i);
}

function joinable(tokens: Token[], left: RawMention, right: RawMention): boolean {
  const le = primary(left.entries);
  const re = primary(right.entries);
  for (let k = left.last; k < right.first; k++) {
    const t = tokens[k]!;
    if (GLUE_POS.has(t.pos) || t.value === '-' || SPONSOR.has(t.norm)) continue;
    // 'French paper workers': one plain noun between a country word and a sector word.
    if (t.pos === 'NOUN' && k === right.first - 1 && re.kind === 'sector' && le.kind === 'country') continue;
    // "Israel's high court": a possessive joins an owner to the office that belongs to it.
    if ((t.norm === "'s" || t.norm === "'") && re.kind === 'sector' && le.kind !== 'sector') continue;
    if (t.norm === 'the' && k > left.last) continue;
    return false;
  }
  // Two country names in a row are two actors ('Turkey Syria' never occurs; 'US-Russia' does).
  if (le.kind === 'country' && re.kind === 'country' && le.form !== 'demonym' && !isSponsor(tokens, left))
    return false;
  if (le.kind === 'person' && re.kind === 'person') return false;
  return true;
}

function linkChunks(tokens: Token[], chunks: Chunk[]): void {
  for (let k = 1; k < chunks.length; k++) {
    const left = chunks[k - 1]!;
    const right = chunks[k]!;
    const span = tokens.slice(left.last, right.first);
    const between = span.map((t) => t.norm);
    // 'Laurent Fabius and a group of deputies', 'Fornost and the evil awful Gondor', 'Mordor,
    // the awful Fornost': articles, quantities and adjectives after the conjunction or the
    // comma do not break it.
    const conj = between.findIndex((w) => w === 'and' || w === 'or' || w === ',');
    const cleaned = between.filter(
      (w, k) =>
        w !== 'the' &&
        w !== ',' &&
        w !== 'a' &&
        w !== 'of' &&
        !QUANTITY.has(w) &&
        !(conj >= 0 && k > conj && span[k]!.pos === 'ADJ'),
    );
    const ok =
      (cleaned.length === 1 && (cleaned[0] === 'and' || cleaned[0] === 'or')) ||
      (cleaned.length === 0 && between.includes(','));
    if (!ok || left.pronoun || right.pronoun) continue;
    right.conjWith = k - 1;
    // 'Hungarian and Romanian officials': the sector of the last conjunct distributes.
    if (
      left.actor.sector === null &&
      right.actor.sector !== null &&
      !left.actor.person &&
      !left.actor.orgCode &&
      left.last === left.first + 1
    ) {
      left.actor = { ...left.actor, sector: right.actor.sector };
    }
    if (right.prep === null && left.prep !== null && cleaned.length === 1) right.prep = left.prep;
    // 'the Sudanese government and the rebels in Darfur', 'Israeli helicopters and tanks'
    if (right.actor.needsCountry && !right.pair && left.actor.country && !left.actor.needsCountry)
      right.actor = { ...right.actor, country: left.actor.country, needsCountry: false };
  }
}
