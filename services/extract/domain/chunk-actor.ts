// Dictionary mentions in a sentence and the resolution of a group of them ('Saudi Foreign
// Minister Adel al-Jubeir', 'Russian-backed Syrian government forces') to one actor.
import type { KnowledgeBase, Person } from '../../kb/types.ts';
import type { ActorDictionary, ActorEntry } from './actor-dictionary.ts';
import { codeOn, countryOn } from './petrarch/compile.ts';
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

export const SPONSOR = new Set([
  'backed',
  'led',
  'supported',
  'sponsored',
  'allied',
  'controlled',
  'funded',
  'aligned',
  'trained',
  'armed',
  'based',
  'owned',
]);

export interface RawMention {
  first: number;
  last: number;
  entries: readonly ActorEntry[];
}

function acceptFor(
  tokens: Token[],
): (entries: readonly ActorEntry[], first: number) => readonly ActorEntry[] {
  return (entries, first) => {
    const upper = tokens[first]?.upper ?? false;
    return upper ? entries : entries.filter((e) => !e.upper);
  };
}

export function findMentions(dict: ActorDictionary, tokens: Token[], a: number, b: number): RawMention[] {
  const out: RawMention[] = [];
  const accept = acceptFor(tokens);
  for (let i = a; i < b;) {
    const m = longestMatch(dict.trie, tokens, i, b, accept);
    if (m) {
      out.push({ first: m.first, last: m.last, entries: m.entries });
      i = m.last;
    } else i++;
  }
  return out;
}

export function primary(entries: readonly ActorEntry[]): ActorEntry {
  // One phrase may be a person and a country ('Jordan'); prefer independent countries, then
  // other countries, then organisations.
  return (
    entries.find((e) => e.kind === 'country' && e.independent) ??
    entries.find((e) => e.kind === 'country') ??
    entries.find((e) => e.kind === 'org') ??
    entries[0]!
  );
}

export function isSponsor(tokens: Token[], m: RawMention): boolean {
  const dash = tokens[m.last];
  const next = tokens[m.last + 1];
  return dash?.value === '-' && next !== undefined && SPONSOR.has(next.norm);
}

export function resolve(
  kb: KnowledgeBase,
  tokens: Token[],
  mentions: RawMention[],
  date: string,
): ChunkActor {
  let country: string | null = null;
  let metonymSector: string | null = null;
  let entityRef: string | null = null;
  let person: Person | null = null;
  let orgCode: string | null = null;
  let orgCountry: string | null = null;
  const sectors: { sector: string; modifier: boolean; title: boolean }[] = [];
  let fallbackCountry: string | null = null;
  let coded: string | null = null;
  for (const m of mentions) {
    const e = primary(m.entries);
    if (e.kind === 'country') {
      if (isSponsor(tokens, m)) {
        fallbackCountry ??= e.country;
        continue;
      }
      if (!country) {
        country = e.dated ? countryOn(e.dated, e.country, date) : e.country;
        entityRef = e.entityRef;
        if (e.sector) metonymSector = e.sector;
      }
    } else if (e.kind === 'person') {
      person ??= e.person;
    } else if (e.kind === 'coded') {
      coded ??= codeOn(e.roles, e.defaultCode, date);
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
    return {
      country: country ?? person.country,
      sector: sector && sector !== 'GOV' ? sector : null,
      orgCode: null,
      person,
      title: false,
      entityRef: ref,
      needsCountry: false,
    };
  }
  if (coded && !orgCode) return codedActor(kb, coded, sector);
  if (orgCode) {
    return {
      country: orgCountry,
      sector: null,
      orgCode,
      person: null,
      title: false,
      entityRef,
      needsCountry: false,
    };
  }
  const title = sectors.length > 0 && sectors[sectors.length - 1]!.title;
  // 'Vietnamese-led forces': with no other country, the sponsor is the best guess.
  country ??= fallbackCountry;
  return {
    country,
    sector,
    orgCode: null,
    person: null,
    title: title && !country,
    entityRef,
    needsCountry: country === null,
  };
}

/**
 * A PETRARCH-coded actor: 'HTIGOV' is Haiti's government when HTI is a country the knowledge
 * base knows; any other code ('IGOUNO', 'IMGMUSALQ', a fictional 'ARNGOV') stands whole.
 */
function codedActor(kb: KnowledgeBase, code: string, sector: string | null): ChunkActor {
  const c3 = code.slice(0, 3);
  // A bare three-letter code is a country (or a country-like actor of the dictionary's world)
  // and takes agents ('Calenardhon government' → CALGOV).
  const isCountry = /^[A-Z]{3}/.test(code) && (code.length === 3 || kb.countryByCode(c3) !== undefined);
  return {
    country: isCountry ? c3 : null,
    sector: isCountry ? code.slice(3) || sector : null,
    orgCode: isCountry ? null : code,
    person: null,
    title: false,
    entityRef: null,
    needsCountry: false,
  };
}
