// The knowledge base: the one source of truth for the extract dictionaries (actor recognition)
// and for enrich (entity linking). Data lives in data/kb/*; the format is documented in
// data/kb/README.md. These are the shapes the loader returns.

/** Dates are ISO calendar dates, 'YYYY-MM-DD'. An absent `end` means still in office. */
interface DateSpan {
  start: string;
  end?: string;
}

export interface Country {
  /** ISO 3166-1 alpha-2, e.g. 'US'. */
  iso2: string;
  /** ISO 3166-1 alpha-3, e.g. 'USA'. */
  iso3: string;
  /** CAMEO country code; equals iso3 except where CAMEO differs (e.g. Romania 'ROM'). */
  cameo: string;
  /** FIPS 10-4 code where known (GDELT uses it for place countries). */
  fips?: string;
  name: string;
  /** Other names and short forms: 'United States', 'U.S.', 'US', 'America'. */
  aliases: string[];
  /** Adjectives and people: 'American', 'Americans'. */
  demonyms: string[];
  capital?: string;
  /** Seats of power used as metonyms: 'the White House', 'Washington', 'the Kremlin'. */
  metonyms: string[];
  /** Wikidata item id, e.g. 'Q30'. */
  wikidata: string;
  lat: number;
  lon: number;
  /** GeoNames id of the country, when known. */
  geonameId?: number;
  /** Before `before` (YYYY-MM-DD, its first day of statehood) the land was part of `country`. */
  partOf?: { country: string; before: string };
  /** Other codes met in older event data for this country ('ROU', 'JAP', 'ZAR'); countryByCode resolves them. */
  legacyCodes?: string[];
  /** Sector each metonym stands for when not GOV: { 'the Pentagon': 'MIL' }. */
  metonymSectors?: Record<string, string>;
  /** false for dependent territories. */
  independent?: boolean;
}

export interface Role extends DateSpan {
  /** e.g. 'President', 'Prime Minister', 'Foreign Minister', 'Leader'. */
  title: string;
  /** CAMEO country code or organisation code the role is held in ('USA', 'IGOUNO', ...). */
  country: string;
  /** CAMEO sector/agent code the role gives: GOV, MIL, REB, OPP, ... */
  sector: string;
}

export interface Person {
  /** Stable id within the KB: the Wikidata id where known, else '' (see `id`). */
  wikidata: string;
  /** KB-local stable slug, always set by the loader ('barack-obama'); use it when `wikidata` is ''. */
  id?: string;
  name: string;
  /** Surface forms: 'Obama', 'Barack Obama', 'Barack Hussein Obama'. */
  aliases: string[];
  /** CAMEO code of the person's country (used when no role covers the date). */
  country: string;
  roles: Role[];
}

export type OrganisationKind = 'igo' | 'ngo' | 'armed-group' | 'party' | 'company' | 'media' | 'other';

export interface Organisation {
  wikidata: string;
  name: string;
  aliases: string[];
  kind: OrganisationKind;
  /** CAMEO-style actor code, e.g. 'IGOUNO' (UN), 'NGOIRC', 'LBNREBHEZ' or 'IMGMUSHEZ'. */
  code: string;
  /** CAMEO code of the home country for national groups; absent for international ones. */
  country?: string;
  /** Places used as metonyms for the organisation ('Brussels' for the EU). */
  metonyms?: string[];
}

export interface KnowledgeBase {
  version: string;
  countries: Country[];
  people: Person[];
  organisations: Organisation[];
  /** Lookup helpers built once at load time. */
  countryByCode(code: string): Country | undefined;
  /** Role held on the date (YYYY-MM-DD), or undefined. */
  roleOn(person: Person, date: string): Role | undefined;
  /** Every role held on the date, most recently started first. */
  rolesOn?(person: Person, date: string): Role[];
  /** Person by KB id (slug) or Wikidata id. */
  personById?(id: string): Person | undefined;
  /** Organisation by its actor code. */
  organisationByCode?(code: string): Organisation | undefined;
  /**
   * A cache kept by this knowledge base for a function that reads it (enrich's name indexes):
   * built on first use under `key`, then the same one. Memos live as long as the knowledge base.
   */
  cache<T>(key: symbol, build: () => T): T;
}

/** A `cache` for a KnowledgeBase (see KnowledgeBase.cache). */
export function instanceCache(): KnowledgeBase['cache'] {
  const caches = new Map<symbol, unknown>();
  return <T>(key: symbol, build: () => T): T => {
    let c = caches.get(key) as T | undefined;
    if (c === undefined) {
      c = build();
      caches.set(key, c);
    }
    return c;
  };
}
