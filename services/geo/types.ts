// Shapes shared by the recogniser, the gazetteer and the geocoder.

export type PlaceKind =
  'country' | 'admin1' | 'region' | 'world-region' | 'continent' | 'water' | 'supranational' | 'city';

/** One gazetteer entry: a country, a first-level division, a region, or a populated place. */
export interface GazEntry {
  /** 'gn:<geonameId>', 'iso:<iso2>', 'adm1:<iso2>-<iso3166-2>' or 'rg:<slug>'. */
  id: string;
  name: string;
  kind: PlaceKind;
  countryIso2: string | null;
  /** GeoNames first-level admin code (cities), or ISO 3166-2 suffix (divisions). */
  adminCode: string | null;
  lat: number;
  lon: number;
  population: number;
  geonameId: number | null;
  /** GeoNames feature code for cities (PPLC, PPLA, ...). */
  featureCode: string | null;
}

/** A toponym found in text. Offsets are UTF-16 indices into that text, end exclusive. */
export interface PlaceMention {
  /** Surface text, including any qualifier: 'northern Syria'. */
  name: string;
  start: number;
  end: number;
  /** Directional or other qualifier kept from the text: 'northern'. */
  qualifier?: string;
  /** The gazetteer phrase inside `name` ('Syria'); derived from `name` when absent. */
  place?: string;
  /** 'demonym' for adjectives and peoples standing for a place ('Syrian'). */
  kind?: 'name' | 'demonym';
  /** 'region' when the text says so ('Aleppo province', 'the province of Idlib'). */
  hint?: 'region';
}

/** A geocoded place: the GeoPlace record of enriched-event.avsc. */
export type { GeoPlaceRecord as GeoPlace } from '../contracts/records.ts';

/** What the article says about where it is. */
export interface GeoContext {
  /** The article text the mentions' offsets point into (enables 'City, Country' checks). */
  text?: string;
  /** Offset of `text` in the article when it is a window (a sentence) rather than the whole. Default 0. */
  textOffset?: number;
  /** Countries of the article's actors: ISO alpha-2, alpha-3 or CAMEO codes. */
  countries?: readonly string[];
}
