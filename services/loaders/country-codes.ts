// Reads the knowledge base's country code table (data/kb/countries.tsv) for the commands and
// the web view; the table's logic is services/kb/country-codes.ts.
import { join } from 'node:path';
import { countryCodesFrom, type CountryCodes } from '../kb/country-codes.ts';
import { parseTsv } from '../kb/tsv.ts';
import { DEFAULT_KB_DIR } from './kb.ts';
import { readDataText } from './read.ts';

/** The knowledge base's table (each caller reads it once and keeps it). */
export function loadCountryCodes(dir: string = DEFAULT_KB_DIR): CountryCodes {
  const rows = parseTsv(readDataText(join(dir, 'countries.tsv')), 'countries.tsv', [
    'iso2',
    'iso3',
    'cameo',
    'fips',
  ]).map(({ cells }) => ({
    iso2: cells.iso2 ?? '',
    iso3: cells.iso3 ?? '',
    cameo: cells.cameo ?? '',
    fips: cells.fips || undefined,
  }));
  return countryCodesFrom(rows);
}
