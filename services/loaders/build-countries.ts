// Rewrites data/kb/countries.tsv from the packages and data/kb/countries.overrides.yaml, or
// checks that it is up to date (the builder itself is services/kb/build-countries.ts).
//
//   node --import tsx services/loaders/build-countries.ts          # rewrite data/kb/countries.tsv
//   node --import tsx services/loaders/build-countries.ts --check  # exit 1 if it is stale
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCountriesTsv } from '../kb/build-countries.ts';
import { DEFAULT_KB_DIR } from './kb.ts';
import { readDataText } from './read.ts';

/** countries.tsv as the packages and the overrides file in `dir` make it. */
export function buildCountriesFile(dir: string = DEFAULT_KB_DIR): string {
  return buildCountriesTsv(readDataText(join(dir, 'countries.overrides.yaml')));
}

function main(): void {
  const out = buildCountriesFile();
  const target = join(DEFAULT_KB_DIR, 'countries.tsv');
  if (process.argv.includes('--check')) {
    const current = existsSync(target) ? readDataText(target) : '';
    if (current !== out) {
      console.error(
        'data/kb/countries.tsv is stale: run node --import tsx services/loaders/build-countries.ts',
      );
      process.exit(1);
    }
  } else {
    writeFileSync(target, out);
    console.log(`wrote ${target} (${out.split('\n').length - 3} countries)`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
