// Builds a KnowledgeBase from the texts of the data/kb/*.tsv files. Pure: the files are read by
// services/loaders/kb.ts, which passes their texts in.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { KbFormatError, list, parseRow, parseTsv } from './tsv.ts';
import { instanceCache } from './types.ts';
import type { Country, KnowledgeBase, Organisation, OrganisationKind, Person, Role } from './types.ts';

export const KB_FILES = ['countries.tsv', 'people.tsv', 'roles.tsv', 'organisations.tsv'] as const;
type KbFileName = (typeof KB_FILES)[number];
/** The texts of the knowledge-base files, by file name. */
export type KbFiles = Record<KbFileName, string>;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const optDate = z.union([z.literal(''), date]);
const qid = z.string().regex(/^Q[1-9][0-9]*$/, 'expected a Wikidata id like Q30');
const optQid = z.union([z.literal(''), qid]);
const code3 = z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter code');
const actorCode = z
  .string()
  .regex(/^[A-Z]{3}([A-Z0-9]{3})*$/, 'expected a CAMEO-style code (3, 6, 9... capitals or digits)');

const CountryRow = z.object({
  iso2: z.string().regex(/^[A-Z]{2}$/),
  iso3: code3,
  cameo: code3,
  fips: z.union([z.literal(''), z.string().regex(/^[A-Z]{2}$/)]),
  wikidata: optQid,
  geonameId: z.union([z.literal(''), z.string().regex(/^\d+$/)]),
  name: z.string().min(1),
  capital: z.string(),
  lat: z.coerce.number().min(-90).max(90),
  lon: z.coerce.number().min(-180).max(180),
  independent: z.enum(['yes', 'no']),
  legacyCodes: z.string(),
  aliases: z.string(),
  demonyms: z.string(),
  metonyms: z.string(),
  partOf: z.union([
    z.literal(''),
    z.string().regex(/^[A-Z]{3}<\d{4}-\d{2}-\d{2}$/, 'expected CODE<YYYY-MM-DD'),
  ]),
});

const PersonRow = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a lower-case slug'),
  wikidata: optQid,
  name: z.string().min(1),
  country: actorCode,
  aliases: z.string(),
});

const RoleRow = z
  .object({
    person: z.string().min(1),
    title: z.string().min(1),
    country: actorCode,
    sector: code3,
    start: date,
    end: optDate,
  })
  .refine((r) => r.end === '' || r.end >= r.start, { message: 'end before start' });

const KINDS = [
  'igo',
  'ngo',
  'armed-group',
  'party',
  'company',
  'media',
  'other',
] as const satisfies readonly OrganisationKind[];
const OrganisationRow = z.object({
  code: actorCode,
  wikidata: optQid,
  kind: z.enum(KINDS),
  country: z.union([z.literal(''), code3]),
  name: z.string().min(1),
  aliases: z.string(),
  metonyms: z.string(),
});

function countryFromRow(r: z.infer<typeof CountryRow>): Country {
  const metonyms: string[] = [];
  const metonymSectors: Record<string, string> = {};
  for (const m of list(r.metonyms)) {
    const [place, sector] = m.split('=') as [string, string | undefined];
    metonyms.push(place);
    if (sector && sector !== 'GOV') metonymSectors[place] = sector;
  }
  const c: Country = {
    iso2: r.iso2,
    iso3: r.iso3,
    cameo: r.cameo,
    name: r.name,
    aliases: list(r.aliases),
    demonyms: list(r.demonyms),
    metonyms,
    wikidata: r.wikidata,
    lat: r.lat,
    lon: r.lon,
    independent: r.independent === 'yes',
  };
  if (r.fips) c.fips = r.fips;
  if (r.capital) c.capital = r.capital;
  if (r.geonameId) c.geonameId = Number(r.geonameId);
  const legacy = list(r.legacyCodes);
  if (legacy.length) c.legacyCodes = legacy;
  if (Object.keys(metonymSectors).length) c.metonymSectors = metonymSectors;
  if (r.partOf) {
    const [country, before] = r.partOf.split('<') as [string, string];
    c.partOf = { country, before };
  }
  return c;
}

/** Half-open span [start, end): the end date is the first day out of office. */
function covers(role: Role, day: string): boolean {
  return role.start <= day && (role.end === undefined || day < role.end);
}

/** '<latest date in the roles>.<sha256 of the files, 12 hex>': what changed and how fresh it is. */
export function kbVersionOf(files: KbFiles): string {
  const h = createHash('sha256');
  for (const f of KB_FILES) h.update(files[f]);
  let latest = '0000-00-00';
  for (const line of files['roles.tsv'].split('\n')) {
    for (const m of line.matchAll(/\d{4}-\d{2}-\d{2}/g)) if (m[0] > latest) latest = m[0];
  }
  return `${latest}.${h.digest('hex').slice(0, 12)}`;
}

/** The knowledge base of the files' texts. Throws KbFormatError (file:line: reason) on a bad row. */
export function parseKnowledgeBase(files: KbFiles): KnowledgeBase {
  const rows = parseTsv(files['countries.tsv'], 'countries.tsv', Object.keys(CountryRow.shape));
  const countries = rows.map((row) => countryFromRow(parseRow(CountryRow, 'countries.tsv', row)));
  const byCode = new Map<string, Country>();
  // Own codes first so that a legacy code never shadows another country's current code.
  for (const c of countries) for (const k of [c.cameo, c.iso3, c.iso2]) if (!byCode.has(k)) byCode.set(k, c);
  for (const c of countries) for (const k of c.legacyCodes ?? []) if (!byCode.has(k)) byCode.set(k, c);
  countries.forEach((c, i) => {
    if (c.partOf && !byCode.has(c.partOf.country))
      throw new KbFormatError('countries.tsv', rows[i]!.line, `partOf: unknown country ${c.partOf.country}`);
  });

  const organisations: Organisation[] = [];
  const orgByCode = new Map<string, Organisation>();
  for (const row of parseTsv(
    files['organisations.tsv'],
    'organisations.tsv',
    Object.keys(OrganisationRow.shape),
  )) {
    const r = parseRow(OrganisationRow, 'organisations.tsv', row);
    if (r.country && !byCode.has(r.country)) {
      throw new KbFormatError('organisations.tsv', row.line, `unknown country ${r.country}`);
    }
    if (orgByCode.has(r.code))
      throw new KbFormatError('organisations.tsv', row.line, `duplicate code ${r.code}`);
    const o: Organisation = {
      wikidata: r.wikidata,
      name: r.name,
      aliases: list(r.aliases),
      kind: r.kind,
      code: r.code,
    };
    if (r.country) o.country = r.country;
    const metonyms = list(r.metonyms);
    if (metonyms.length) o.metonyms = metonyms;
    organisations.push(o);
    orgByCode.set(o.code, o);
  }
  const knownActor = (code: string) => byCode.has(code) || orgByCode.has(code);

  const people: Person[] = [];
  const personById = new Map<string, Person>();
  for (const row of parseTsv(files['people.tsv'], 'people.tsv', Object.keys(PersonRow.shape))) {
    const r = parseRow(PersonRow, 'people.tsv', row);
    if (personById.has(r.id)) throw new KbFormatError('people.tsv', row.line, `duplicate id ${r.id}`);
    if (r.wikidata && personById.has(r.wikidata)) {
      throw new KbFormatError('people.tsv', row.line, `duplicate wikidata ${r.wikidata}`);
    }
    if (!knownActor(r.country))
      throw new KbFormatError('people.tsv', row.line, `unknown country ${r.country}`);
    const p: Person = {
      id: r.id,
      wikidata: r.wikidata,
      name: r.name,
      aliases: list(r.aliases),
      country: r.country,
      roles: [],
    };
    people.push(p);
    personById.set(r.id, p);
    if (r.wikidata) personById.set(r.wikidata, p);
  }
  for (const row of parseTsv(files['roles.tsv'], 'roles.tsv', [
    'person',
    'title',
    'country',
    'sector',
    'start',
    'end',
  ])) {
    const r = parseRow(RoleRow, 'roles.tsv', row);
    const p = personById.get(r.person);
    if (!p) throw new KbFormatError('roles.tsv', row.line, `unknown person ${r.person}`);
    if (!knownActor(r.country))
      throw new KbFormatError('roles.tsv', row.line, `unknown country or organisation ${r.country}`);
    const role: Role = { title: r.title, country: r.country, sector: r.sector, start: r.start };
    if (r.end) role.end = r.end;
    p.roles.push(role);
  }
  for (const p of people) p.roles.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));

  const rolesOn = (person: Person, day: string): Role[] =>
    person.roles
      .filter((r) => covers(r, day))
      .sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0));

  return {
    version: kbVersionOf(files),
    countries,
    people,
    organisations,
    countryByCode: (code) => byCode.get(code.trim().toUpperCase()),
    roleOn: (person, day) => rolesOn(person, day)[0],
    rolesOn,
    personById: (id) => personById.get(id),
    organisationByCode: (code) => orgByCode.get(code),
    cache: instanceCache(),
  };
}
