// Actor recognition inside one sentence: dictionary phrases are found with the trie, then
// grouped into noun-phrase chunks ('Saudi Foreign Minister Adel al-Jubeir', 'Russian-backed
// Syrian government forces') and each chunk is resolved to one CAMEO-style actor code.
import type { KnowledgeBase, Person } from '../../kb/types.ts';
import type { ActorDictionary, ActorEntry } from './actor-dictionary.ts';
import { longestMatch } from './phrase-trie.ts';
import type { Token } from './types.ts';

export interface ChunkActor {
  country: string | null;
  sector: string | null;
  /** Full code of an organisation ('IGOUNO'), or null. */
  orgCode: string | null;
  person: Person | null;
  /** Singular office word with no name ('the President'): may refer back to a person. */
  title: boolean;
  entityRef: string | null;
  /** Chunk made only of sector words: its country comes from the context. */
  needsCountry: boolean;
}

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

const SPONSOR = new Set(['backed', 'led', 'supported', 'sponsored', 'allied', 'controlled', 'funded', 'aligned', 'trained', 'armed', 'based', 'owned']);
const GLUE_POS = new Set(['ADJ', 'PROPN', 'NUM']);
const LEFT_SKIP_POS = new Set(['DET', 'ADJ', 'NUM', 'ADV', 'PRON']);
const DIRECTIONS = new Set(['east', 'west', 'north', 'south', 'central', 'greater', 'upper', 'lower']);
// 'a group of Moroccan diplomats', 'thousands of students': 'of' after a quantity is no preposition.
const QUANTITY = new Set(['group', 'groups', 'thousands', 'hundreds', 'dozens', 'scores', 'tens', 'millions', 'members', 'member', 'number', 'some', 'many', 'band', 'team', 'delegation', 'contingent', 'patch', 'batch', 'unit', 'units', 'most', 'all', 'several', 'couple', 'crowd', 'crowds', 'handful', 'lot', 'lots', 'deployment']);
const QUALIFIERS = new Set(['northern', 'southern', 'eastern', 'western', 'central', 'north', 'south', 'east', 'west', 'northeastern', 'northwestern', 'southeastern', 'southwestern', 'northeast', 'northwest', 'southeast', 'southwest']);
const PRONOUNS = new Map([
  ['he', 'he'], ['she', 'she'], ['it', 'it'], ['they', 'they'], ['his', 'he'], ['her', 'she'], ['its', 'it'], ['their', 'they'], ['him', 'he'], ['them', 'they'], ['we', 'they'],
]);
const PAIR_HEADS = new Set(['side', 'sides', 'leader', 'leaders', 'country', 'countries', 'men', 'nations', 'governments', 'presidents']);
// Static locations only: 'withdrew from Lebanon', 'sent to Bosnia' keep the country as an actor.
const PLACE_PREPS = new Set(['in', 'at', 'near', 'across', 'throughout', 'inside', 'outside', 'around', 'via']);

interface RawMention {
  first: number;
  last: number;
  entries: ActorEntry[];
}

function acceptFor(tokens: Token[]): (entries: ActorEntry[], first: number) => ActorEntry[] {
  return (entries, first) => {
    const upper = tokens[first]?.upper ?? false;
    return upper ? entries : entries.filter((e) => !e.upper);
  };
}

function findMentions(dict: ActorDictionary, tokens: Token[], a: number, b: number): RawMention[] {
  const out: RawMention[] = [];
  const accept = acceptFor(tokens);
  for (let i = a; i < b; ) {
    const m = longestMatch(dict.trie, tokens, i, b, accept);
    if (m) {
      out.push({ first: m.first, last: m.last, entries: m.entries });
      i = m.last;
    } else i++;
  }
  return out;
}

function primary(entries: ActorEntry[]): ActorEntry {
  // One phrase may be a person and a country ('Jordan'); prefer independent countries, then
  // other countries, then organisations.
  return (
    entries.find((e) => e.kind === 'country' && e.independent) ??
    entries.find((e) => e.kind === 'country') ??
    entries.find((e) => e.kind === 'org') ??
    entries[0]!
  );
}

function isSponsor(tokens: Token[], m: RawMention): boolean {
  const dash = tokens[m.last];
  const next = tokens[m.last + 1];
  return dash?.value === '-' && next !== undefined && SPONSOR.has(next.norm);
}

function resolve(kb: KnowledgeBase, tokens: Token[], mentions: RawMention[], date: string): ChunkActor {
  let country: string | null = null;
  let metonymSector: string | null = null;
  let entityRef: string | null = null;
  let person: Person | null = null;
  let orgCode: string | null = null;
  let orgCountry: string | null = null;
  const sectors: { sector: string; modifier: boolean; title: boolean }[] = [];
  let fallbackCountry: string | null = null;
  for (const m of mentions) {
    const e = primary(m.entries);
    if (e.kind === 'country') {
      if (isSponsor(tokens, m)) {
        fallbackCountry ??= e.country;
        continue;
      }
      if (!country) {
        country = e.country;
        entityRef = e.entityRef;
        if (e.sector) metonymSector = e.sector;
      }
    } else if (e.kind === 'person') {
      person ??= e.person;
    } else if (e.kind === 'org') {
      if (!orgCode) {
        orgCode = e.org.code;
        orgCountry = e.org.country ?? null;
        entityRef ??= e.org.wikidata || null;
      }
    } else {
      sectors.push({ sector: e.sector, modifier: e.modifier, title: e.title });
    }
  }
  let sector: string | null = metonymSector;
  if (sectors.length > 0) {
    const head = sectors[sectors.length - 1]!;
    sector = head.sector;
    const strong = sectors.find((s) => s.sector === 'REB' || s.sector === 'OPP');
    if (strong && (head.sector === 'MIL' || head.sector === 'GOV')) sector = strong.sector;
  }
  if (person) {
    const role = kb.roleOn(person, date);
    const ref = person.wikidata || person.id || null;
    if (role) {
      const isCountry = role.country.length === 3;
      return {
        country: isCountry ? role.country : null,
        sector: isCountry ? role.sector : null,
        orgCode: isCountry ? null : role.country,
        person,
        title: false,
        entityRef: ref,
        needsCountry: false,
      };
    }
    return { country: country ?? person.country, sector: sector && sector !== 'GOV' ? sector : null, orgCode: null, person, title: false, entityRef: ref, needsCountry: false };
  }
  if (orgCode) {
    return { country: orgCountry, sector: null, orgCode, person: null, title: false, entityRef, needsCountry: false };
  }
  const title = sectors.length > 0 && sectors[sectors.length - 1]!.title;
  // 'Vietnamese-led forces': with no other country, the sponsor is the best guess.
  country ??= fallbackCountry;
  return { country, sector, orgCode: null, person: null, title: title && !country, entityRef, needsCountry: country === null };
}

function prepBefore(tokens: Token[], first: number, a: number): string | null {
  for (let k = first - 1; k >= a; k--) {
    const t = tokens[k]!;
    if (t.norm === 'at' && (tokens[k + 1]?.norm === 'least' || tokens[k + 1]?.norm === 'most')) continue;
    // 'more than 100 Palestinians', 'up to 100 Albanians': a number, not a preposition.
    if ((t.norm === 'than' || t.norm === 'to') && ['more', 'less', 'fewer', 'up', 'over'].includes(tokens[k - 1]?.norm ?? '')) {
      k--;
      continue;
    }
    if (t.pos === 'ADP' || (t.pos === 'PART' && t.norm === 'to') || t.norm === 'to') {
      if (t.norm === 'of' && QUANTITY.has(tokens[k - 1]?.norm ?? '')) return null;
      return t.norm;
    }
    if (t.pos === 'PROPN' && DIRECTIONS.has(t.norm)) continue;
    if (LEFT_SKIP_POS.has(t.pos) || t.norm === "'s" || t.value === '-' || t.value === '“' || t.value === '"') continue;
    return null;
  }
  return null;
}

/** All actor chunks of the sentence spanning tokens [a, b). */
export function findChunks(dict: ActorDictionary, tokens: Token[], a: number, b: number, date: string): Chunk[] {
  const mentions = findMentions(dict, tokens, a, b);
  const groups: RawMention[][] = [];
  for (const m of mentions) {
    const prev = groups[groups.length - 1];
    const last = prev?.[prev.length - 1];
    if (prev && last && joinable(tokens, last, m)) prev.push(m);
    else groups.push([m]);
  }
  const chunks: Chunk[] = [];
  // Pronouns become chunks of their own, merged in token order.
  const pronounAt: number[] = [];
  for (let i = a; i < b; i++) {
    const t = tokens[i]!;
    if (t.pos === 'PRON' || t.pos === 'DET') {
      if (PRONOUNS.has(t.norm) && !insideAny(groups, i)) pronounAt.push(i);
    }
  }
  const items: ({ kind: 'group'; g: RawMention[] } | { kind: 'pron'; i: number })[] = [
    ...groups.map((g) => ({ kind: 'group' as const, g })),
    ...pronounAt.map((i) => ({ kind: 'pron' as const, i })),
  ].sort((x, y) => (x.kind === 'group' ? x.g[0]!.first : x.i) - (y.kind === 'group' ? y.g[0]!.first : y.i));
  for (const item of items) {
    if (item.kind === 'pron') {
      const t = tokens[item.i]!;
      const isPossessive = ['his', 'her', 'its', 'their'].includes(t.norm);
      // 'his Russian counterpart' is a chunk of its own; a bare possessive pronoun is kept only
      // when it is the subject-like owner of a following noun.
      chunks.push({
        first: item.i,
        last: item.i + 1,
        actor: { country: null, sector: null, orgCode: null, person: null, title: false, entityRef: null, needsCountry: true },
        prep: prepBefore(tokens, item.i, a),
        possessive: isPossessive,
        pronoun: PRONOUNS.get(t.norm) ?? null,
        pair: false,
        placeOnly: false,
        conjWith: null,
        qualifier: null,
        owned: false,
      });
      continue;
    }
    const g = item.g;
    const first = g[0]!.first;
    let last = g[g.length - 1]!.last;
    // Names the dictionary does not know extend the chunk ('Foreign Minister Adel al-Jubeir').
    while (last < b && (tokens[last]!.pos === 'PROPN' || (tokens[last]!.value === '-' && tokens[last + 1]?.pos === 'PROPN') || (tokens[last]!.norm === 'al' && tokens[last + 1]?.value === '-'))) last++;
    const actor = resolve(dict.kb, tokens, g, date);
    // 'military aid', 'government offensive', 'rebel-held': an adjective-like sector word
    // in front of another noun names no actor.
    const lastEntry = primary(g[g.length - 1]!.entries);
    const nextTok = tokens[last];
    const sectorOnly = g.every((m) => primary(m.entries).kind === 'sector');
    if (sectorOnly && lastEntry.kind === 'sector' && lastEntry.modifier && nextTok && (nextTok.pos === 'NOUN' || nextTok.pos === 'ADJ' || nextTok.value === '-')) continue;
    // 'an official protest': a sector word used as an adjective.
    if (sectorOnly && tokens[last - 1]!.pos === 'ADJ' && nextTok && nextTok.pos === 'NOUN') continue;
    const prep = prepBefore(tokens, first, a);
    const head = primary(g[g.length - 1]!.entries);
    let pair = false;
    if (actor.needsCountry && head.kind === 'sector') {
      const before = tokens[first - 1];
      const before2 = tokens[first - 2];
      const lastTok = tokens[last - 1]!;
      if (before && (before.norm === 'both' || (before.norm === 'two' && before2?.norm === 'the') || (before.norm === 'the' && PAIR_HEADS.has(lastTok.norm) && lastTok.norm.endsWith('s')))) pair = PAIR_HEADS.has(lastTok.norm);
    }
    const onlyPlace = g.length === 1 && head.kind === 'country' && head.form !== 'demonym' && prep !== null && PLACE_PREPS.has(prep);
    const qual = tokens[first - 1];
    chunks.push({
      first,
      last,
      actor,
      prep,
      possessive: tokens[last]?.norm === "'s" || tokens[last]?.norm === "'",
      pronoun: null,
      pair,
      placeOnly: onlyPlace,
      conjWith: null,
      qualifier: qual && QUALIFIERS.has(qual.norm) ? qual.norm : null,
      owned: ['its', 'their', 'his', 'her', 'our'].includes(tokens[first - 1]?.norm ?? ''),
    });
  }
  // 'both sides', 'the two countries' have no dictionary word for 'sides': look for them directly.
  for (let i = a; i + 1 < b; i++) {
    const t = tokens[i]!;
    const n = tokens[i + 1]!;
    const pairStart = t.norm === 'both' || (t.norm === 'two' && tokens[i - 1]?.norm === 'the');
    if (pairStart && (n.norm === 'sides' || n.norm === 'countries' || n.norm === 'nations' || n.norm === 'men') && !chunks.some((c) => c.first <= i + 1 && c.last > i + 1)) {
      chunks.push({
        first: t.norm === 'two' ? i - 1 : i,
        last: i + 2,
        actor: { country: null, sector: null, orgCode: null, person: null, title: false, entityRef: null, needsCountry: true },
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
  chunks.sort((x, y) => x.first - y.first);
  linkChunks(tokens, chunks);
  return chunks;
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
  if (le.kind === 'country' && re.kind === 'country' && le.form !== 'demonym' && !isSponsor(tokens, left)) return false;
  if (le.kind === 'person' && re.kind === 'person') return false;
  return true;
}

function linkChunks(tokens: Token[], chunks: Chunk[]): void {
  for (let k = 1; k < chunks.length; k++) {
    const left = chunks[k - 1]!;
    const right = chunks[k]!;
    const between = tokens.slice(left.last, right.first).map((t) => t.norm);
    // 'Laurent Fabius and a group of deputies'
    const cleaned = between.filter((w) => w !== 'the' && w !== ',' && w !== 'a' && w !== 'of' && !QUANTITY.has(w));
    const ok = (cleaned.length === 1 && (cleaned[0] === 'and' || cleaned[0] === 'or')) || (cleaned.length === 0 && between.includes(','));
    if (!ok || left.pronoun || right.pronoun) continue;
    right.conjWith = k - 1;
    // 'Hungarian and Romanian officials': the sector of the last conjunct distributes.
    if (left.actor.sector === null && right.actor.sector !== null && !left.actor.person && !left.actor.orgCode && left.last === left.first + 1) {
      left.actor = { ...left.actor, sector: right.actor.sector };
    }
    if (right.prep === null && left.prep !== null && cleaned.length === 1) right.prep = left.prep;
    // 'the Sudanese government and the rebels in Darfur', 'Israeli helicopters and tanks'
    if (right.actor.needsCountry && !right.pair && left.actor.country && !left.actor.needsCountry) right.actor = { ...right.actor, country: left.actor.country, needsCountry: false };
  }
}
