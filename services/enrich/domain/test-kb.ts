// A tiny knowledge base for unit tests: two Bushes, two Kims, one IGO, a few countries.
import type { Country, KnowledgeBase, Organisation, Person, Role } from '../../kb/types.ts';
import { instanceCache } from '../../kb/types.ts';

function country(
  iso2: string,
  iso3: string,
  name: string,
  wikidata: string,
  extra: Partial<Country> = {},
): Country {
  return {
    iso2,
    iso3,
    cameo: iso3,
    name,
    aliases: [],
    demonyms: [],
    metonyms: [],
    wikidata,
    lat: 0,
    lon: 0,
    ...extra,
  };
}

const role = (title: string, c: string, start: string, end?: string): Role => ({
  title,
  country: c,
  sector: 'GOV',
  start,
  ...(end ? { end } : {}),
});

export function tinyKb(): KnowledgeBase {
  const countries: Country[] = [
    country('US', 'USA', 'United States', 'Q30', {
      aliases: ['US', 'America'],
      demonyms: ['American'],
      metonyms: ['the White House'],
    }),
    country('RU', 'RUS', 'Russia', 'Q159', { demonyms: ['Russian'], metonyms: ['the Kremlin'] }),
    country('SY', 'SYR', 'Syria', 'Q858', { demonyms: ['Syrian'] }),
    country('KP', 'PRK', 'North Korea', 'Q423'),
    country('KR', 'KOR', 'South Korea', 'Q884'),
  ];
  const people: Person[] = [
    {
      wikidata: 'Q23505',
      name: 'George H. W. Bush',
      aliases: ['Bush', 'George Bush'],
      country: 'USA',
      roles: [role('President', 'USA', '1989-01-20', '1993-01-20')],
    },
    {
      wikidata: 'Q207',
      name: 'George W. Bush',
      aliases: ['Bush', 'George Bush'],
      country: 'USA',
      roles: [role('President', 'USA', '2001-01-20', '2009-01-20')],
    },
    {
      wikidata: 'Q56226',
      name: 'Kim Jong-un',
      aliases: ['Kim'],
      country: 'PRK',
      roles: [role('Supreme Leader', 'PRK', '2011-12-17')],
    },
    {
      wikidata: 'Q21001',
      name: 'Kim Dae-jung',
      aliases: ['Kim'],
      country: 'KOR',
      roles: [role('President', 'KOR', '1998-02-25', '2003-02-25')],
    },
    {
      wikidata: 'Q76',
      name: 'Barack Obama',
      aliases: ['Obama'],
      country: 'USA',
      roles: [role('President', 'USA', '2009-01-20', '2017-01-20')],
    },
  ];
  const organisations: Organisation[] = [
    {
      wikidata: 'Q81299',
      name: 'Organization for Security and Co-operation in Europe',
      aliases: ['OSCE'],
      kind: 'igo',
      code: 'IGOEUROSC',
    },
  ];
  const byCode = new Map<string, Country>();
  for (const c of countries) for (const k of [c.iso2, c.iso3, c.cameo]) byCode.set(k, c);
  return {
    version: 'test',
    countries,
    people,
    organisations,
    countryByCode: (code) => byCode.get(code.toUpperCase()),
    roleOn: (p, day) => p.roles.find((r) => r.start <= day && (!r.end || day < r.end)),
    cache: instanceCache(),
  };
}
