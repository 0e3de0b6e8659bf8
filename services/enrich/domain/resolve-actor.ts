// Entity resolution: an actor as extract coded it (surface text + CAMEO-style code) on a date ->
// a knowledge-base entity. The mention text decides first (a person's alias, an organisation's
// name, a country's name), then the organisation code, then the country (and sector) of the code.
import type { Country, KnowledgeBase, Organisation, Person, Role } from '../../kb/types.ts';
import type { EntityRecord } from '../../contracts/records.ts';
import { memoizeString } from '../../geo/memo.ts';
import { normaliseName } from './names.ts';
import { SECTOR_LABELS } from './sectors.ts';

export type Entity = EntityRecord;

export interface ActorInput {
  /** Surface text of the mention ('Barack Obama', 'Turkish troops'); '' when implicit. */
  mention: string;
  /** CAMEO-style actor code ('USAGOV', 'IGOEUROSC', 'SYRREB'); '' when unknown. */
  code: string;
  /** YYYY-MM-DD. */
  eventDate: string;
  /** Countries of the article (CAMEO or ISO codes), used to break ties between namesakes. */
  context?: { countries?: readonly string[] };
}

interface Indexes {
  people: Map<string, Person[]>;
  orgsByName: Map<string, Organisation[]>;
  orgsByCode: Map<string, Organisation>;
  /** Names and aliases: the mention is the country itself. */
  countriesByName: Map<string, Country>;
  /** Demonyms and metonyms: the country, or its sector when the code has one ('the Kremlin'). */
  countriesByWord: Map<string, Country>;
}

const TITLES =
  /^(?:(?:us|u\.s\.|american|russian|syrian|former|then|acting|interim|late|the|president|prime minister|premier|foreign minister|defen[cs]e minister|minister|secretary of state|secretary|chancellor|king|queen|prince|emir|sheikh|general|gen\.|leader|supreme leader|mr\.?|mrs\.?|ms\.?|dr\.?)\s+)+/i;

// The name indexes of a knowledge base, built on first use and kept by the knowledge base.
const INDEXES = Symbol('resolve-actor: name indexes');

function indexesOf(kb: KnowledgeBase): Indexes {
  return kb.cache(INDEXES, () => buildIndexes(kb));
}

// normaliseName of the mentions asked about, remembered by the knowledge base: they recur.
const NAME_KEYS = Symbol('resolve-actor: name keys');

function nameKeys(kb: Pick<KnowledgeBase, 'cache'>): (s: string) => string {
  return kb.cache(NAME_KEYS, () => memoizeString(normaliseName, 100_000));
}

function buildIndexes(kb: KnowledgeBase): Indexes {
  const people = new Map<string, Person[]>();
  for (const p of kb.people) {
    for (const n of [p.name, ...p.aliases]) {
      const k = normaliseName(n);
      const list = people.get(k) ?? [];
      if (!list.includes(p)) list.push(p);
      people.set(k, list);
    }
  }
  const orgsByName = new Map<string, Organisation[]>();
  const orgsByCode = new Map<string, Organisation>();
  for (const o of kb.organisations) {
    orgsByCode.set(o.code, o);
    for (const n of [o.name, ...o.aliases]) {
      const k = normaliseName(n);
      const list = orgsByName.get(k) ?? [];
      if (!list.includes(o)) list.push(o);
      orgsByName.set(k, list);
    }
  }
  const countriesByName = new Map<string, Country>();
  const countriesByWord = new Map<string, Country>();
  for (const c of kb.countries) {
    for (const n of [c.name, ...c.aliases]) {
      const k = normaliseName(n);
      if (!countriesByName.has(k)) countriesByName.set(k, c);
    }
    for (const n of [...c.demonyms, ...c.metonyms]) {
      const k = normaliseName(n);
      if (!countriesByWord.has(k)) countriesByWord.set(k, c);
    }
  }
  return { people, orgsByName, orgsByCode, countriesByName, countriesByWord };
}

/** Cache key for one resolution: everything the answer depends on, and nothing else. */
export function entityCacheKey(
  input: Pick<ActorInput, 'mention' | 'code' | 'eventDate'>,
  kb: Pick<KnowledgeBase, 'version' | 'cache'>,
): string {
  return `entity:v1:${kb.version}:${input.code}:${input.eventDate}:${nameKeys(kb)(input.mention)}`;
}

/** Resolve one actor against the knowledge base; null when nothing matches. */
export function resolveActor(input: ActorInput, kb: KnowledgeBase): Entity | null {
  const ix = indexesOf(kb);
  const codeCountry = input.code.length >= 3 ? kb.countryByCode(input.code.slice(0, 3)) : undefined;
  const mention = nameKeys(kb)(input.mention);
  if (mention) {
    const person = pickPerson(candidatePeople(ix, mention), input, kb, codeCountry);
    if (person) return personEntity(person.person, person.role, kb, person.confidence);
    const orgs = ix.orgsByName.get(mention) ?? ix.orgsByName.get(mention.replace(/^the /, ''));
    if (orgs?.length)
      return orgEntity(
        orgs.find((o) => input.code.startsWith(o.code)) ?? orgs[0]!,
        kb,
        orgs.length > 1 ? 0.7 : 0.95,
      );
    const bare = mention.replace(/^the /, '');
    const named = ix.countriesByName.get(mention) ?? ix.countriesByName.get(bare);
    if (named) return countryEntity(named, codeCountry && codeCountry !== named ? 0.6 : 0.95);
    const word = ix.countriesByWord.get(mention) ?? ix.countriesByWord.get(bare);
    if (word && (!codeCountry || codeCountry === word)) {
      const sector = sectorOf(input.code);
      return sector ? sectorEntity(word, sector, 0.85) : countryEntity(word, 0.85);
    }
  }
  const org = orgByCode(ix, input.code);
  if (org) return orgEntity(org, kb, 0.8);
  if (codeCountry) {
    const sector = sectorOf(input.code);
    return sector ? sectorEntity(codeCountry, sector, 0.7) : countryEntity(codeCountry, 0.8);
  }
  return null;
}

/** Resolve many actors; identical inputs are resolved once. */
export function resolveActors(inputs: readonly ActorInput[], kb: KnowledgeBase): (Entity | null)[] {
  const memo = new Map<string, Entity | null>();
  return inputs.map((input) => {
    const key = entityCacheKey(input, kb);
    if (!memo.has(key)) memo.set(key, resolveActor(input, kb));
    return memo.get(key)!;
  });
}

function candidatePeople(ix: Indexes, mention: string): Person[] {
  const direct = ix.people.get(mention);
  if (direct) return direct;
  const stripped = mention.replace(TITLES, '');
  if (stripped !== mention && ix.people.get(stripped)) return ix.people.get(stripped)!;
  // 'Syrian President Bashar al-Assad' -> try ever shorter tails.
  const words = stripped.split(' ');
  for (let i = 1; i < words.length; i++) {
    const tail = ix.people.get(words.slice(i).join(' '));
    if (tail) return tail;
  }
  return [];
}

function pickPerson(
  people: Person[],
  input: ActorInput,
  kb: KnowledgeBase,
  codeCountry: Country | undefined,
): { person: Person; role: Role | undefined; confidence: number } | undefined {
  if (!people.length) return undefined;
  const contextCodes = new Set(
    (input.context?.countries ?? []).map((c) => kb.countryByCode(c)?.cameo).filter(Boolean),
  );
  let best: { person: Person; role: Role | undefined; confidence: number } | undefined;
  let bestScore = -Infinity;
  let tie = false;
  for (const p of people) {
    const role = kb.roleOn(p, input.eventDate);
    let score = 0;
    if (role) score += 2;
    if (role && input.code.length >= 6 && input.code.slice(3, 6) === role.sector) score += 0.5;
    const homeCodes = new Set(
      [p.country, role?.country].filter((c): c is string => !!c).map((c) => c.slice(0, 3)),
    );
    if (codeCountry && homeCodes.has(codeCountry.cameo)) score += 3;
    if ([...homeCodes].some((c) => contextCodes.has(c))) score += 0.5;
    if (p.roles.some((r) => r.start <= input.eventDate)) score += 0.1;
    if (score > bestScore) {
      bestScore = score;
      best = { person: p, role, confidence: 0 };
      tie = false;
    } else if (score === bestScore) tie = true;
  }
  if (!best) return undefined;
  best.confidence = people.length === 1 ? 0.95 : tie ? 0.4 : 0.85;
  return best;
}

function iso3Of(kb: KnowledgeBase, code: string | undefined): string | null {
  return code ? (kb.countryByCode(code.slice(0, 3))?.iso3 ?? null) : null;
}

function roleName(kb: KnowledgeBase, role: Role): string {
  const country = kb.countryByCode(role.country.slice(0, 3));
  if (country && role.country.length === 3) return `${role.title} of ${country.name}`;
  const org = kb.organisations.find((o) => o.code === role.country);
  return org ? `${role.title}, ${org.name}` : role.title;
}

function personEntity(p: Person, role: Role | undefined, kb: KnowledgeBase, confidence: number): Entity {
  return {
    id: p.wikidata || `kb:${slug(p.name)}`,
    name: p.name,
    type: 'PERSON',
    countryIso3: iso3Of(kb, role?.country.length === 3 ? role.country : p.country),
    role: role ? roleName(kb, role) : null,
    roleStart: role?.start ?? null,
    roleEnd: role?.end ?? null,
    confidence,
  };
}

function orgEntity(o: Organisation, kb: KnowledgeBase, confidence: number): Entity {
  return {
    id: o.wikidata || `kb:${o.code.toLowerCase()}`,
    name: o.name,
    type: 'ORGANISATION',
    countryIso3: iso3Of(kb, o.country),
    role: null,
    roleStart: null,
    roleEnd: null,
    confidence,
  };
}

function countryEntity(c: Country, confidence: number): Entity {
  return {
    id: c.wikidata || `kb:${c.iso3.toLowerCase()}`,
    name: c.name,
    type: 'COUNTRY',
    countryIso3: c.iso3,
    role: null,
    roleStart: null,
    roleEnd: null,
    confidence,
  };
}

function sectorEntity(c: Country, sector: string, confidence: number): Entity {
  return {
    id: `kb:${c.iso3.toLowerCase()}-${sector.toLowerCase()}`,
    name: `${c.name} ${SECTOR_LABELS[sector] ?? sector}`,
    type: 'SECTOR',
    countryIso3: c.iso3,
    role: null,
    roleStart: null,
    roleEnd: null,
    confidence,
  };
}

/** The longest organisation code the actor code starts with ('IGOUNOSEC...' -> IGOUNOSEC). */
function orgByCode(ix: Indexes, code: string): Organisation | undefined {
  for (let len = code.length; len >= 6; len -= 3) {
    const o = ix.orgsByCode.get(code.slice(0, len));
    if (o) return o;
  }
  return undefined;
}

function sectorOf(code: string): string | undefined {
  const s = code.slice(3, 6);
  return s.length === 3 && SECTOR_LABELS[s] ? s : undefined;
}

function slug(s: string): string {
  return normaliseName(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
