// Builds the text of data/kb/countries.tsv from the `world-countries` and `i18n-iso-countries`
// packages plus the team-written data/kb/countries.overrides.yaml (its text is passed in). The
// TSV is what the loader reads (one file, no package data at run time); a test checks that it
// is up to date. The command that reads and writes the files: services/loaders/build-countries.ts.
import { createRequire } from 'node:module';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const require = createRequire(import.meta.url);

interface WorldCountry {
  name: { common: string; official: string };
  cca2: string;
  cca3: string;
  independent?: boolean | null;
  capital?: string[];
  altSpellings?: string[];
  latlng: [number, number];
  demonyms?: { eng?: { m: string; f: string } };
}

const Override = z
  .object({
    name: z.string().optional(),
    iso3: z.string().length(3).optional(),
    cameo: z.string().length(3).optional(),
    fips: z.string().length(2).optional(),
    wikidata: z
      .string()
      .regex(/^Q[1-9][0-9]*$/)
      .optional(),
    geonameId: z.number().int().positive().optional(),
    capital: z.string().optional(),
    legacyCodes: z.array(z.string().length(3)).optional(),
    aliases: z.array(z.string()).optional(),
    demonyms: z.array(z.string()).optional(),
    metonyms: z.array(z.string()).optional(),
    /** Generated aliases/demonyms/metonyms to drop (ambiguous or misleading in English news). */
    drop: z.array(z.string()).optional(),
    /** Do not use the capital as a metonym (ambiguous words such as 'Victoria', 'Male'). */
    capitalIsNotMetonym: z.boolean().optional(),
    /** Before `before` (YYYY-MM-DD, the first day of its own statehood) the land was part of `country`. */
    partOf: z
      .object({ country: z.string().length(3), before: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })
      .strict()
      .optional(),
  })
  .strict();
type Override = z.infer<typeof Override>;

const COUNTRY_COLUMNS = [
  'iso2',
  'iso3',
  'cameo',
  'fips',
  'wikidata',
  'geonameId',
  'name',
  'capital',
  'lat',
  'lon',
  'independent',
  'legacyCodes',
  'aliases',
  'demonyms',
  'metonyms',
  'partOf',
] as const;

/** Short codes and native-script spellings are not English news aliases; overrides add the ones news uses. */
function usableAlias(s: string): boolean {
  if (/^[A-Z]{2,3}$/.test(s)) return false;
  if (/[^\p{Script=Latin}\p{P}\p{Zs}\d]/u.test(s)) return false;
  if (/,/.test(s)) return false; // 'Korea, Republic of' is catalogue style
  return true;
}

function plural(demonym: string): string | undefined {
  if (/(ese|ish|ch|ss|sh|Swiss|i-Kiribati)$/.test(demonym)) return undefined;
  if (/ (Islander)$/.test(demonym)) return `${demonym}s`;
  if (/[a-z]$/.test(demonym)) return `${demonym}s`;
  return undefined;
}

function uniq(xs: Iterable<string>, exclude: Set<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const x of xs) {
    const t = x.trim();
    if (!t || exclude.has(t) || seen.has(t)) continue;
    seen.add(t);
    out.push(t);
  }
  return out;
}

function cell(xs: string[]): string {
  for (const x of xs) if (/[\t|\n]/.test(x)) throw new Error(`bad character in ${JSON.stringify(x)}`);
  return xs.join('|');
}

export function buildCountriesTsv(overridesYaml: string): string {
  const world = require('world-countries') as WorldCountry[];
  const i18n = require('i18n-iso-countries') as {
    getName(code: string, lang: string, opts: { select: 'all' }): string[] | undefined;
  };
  const raw = parseYaml(overridesYaml) as Record<string, unknown>;
  const overrides = new Map<string, Override>();
  for (const [key, value] of Object.entries(raw)) {
    const r = Override.safeParse(value ?? {});
    if (!r.success) throw new Error(`countries.overrides.yaml: ${key}: ${r.error.message}`);
    overrides.set(key, r.data);
  }
  const used = new Set<string>();
  const built: {
    iso3: string;
    independent: boolean;
    lists: string[][];
    row: (lists: string[][]) => string[];
  }[] = [];
  for (const c of world) {
    // world-countries marks Kosovo 'UNK'; the user-assigned ISO code is XKX.
    const iso3 = c.cca3 === 'UNK' ? 'XKX' : c.cca3;
    const o = overrides.get(iso3) ?? {};
    used.add(iso3);
    const name = o.name ?? c.name.common;
    const drop = new Set(o.drop ?? []);
    drop.add(name);
    const capital = o.capital ?? c.capital?.[0] ?? '';
    const generatedAliases = [
      c.name.common,
      c.name.official,
      ...(c.altSpellings ?? []),
      ...(i18n.getName(c.cca2, 'en', { select: 'all' }) ?? []),
    ].filter(usableAlias);
    const aliases = uniq([...(o.aliases ?? []), ...generatedAliases], drop);
    const dem: string[] = [];
    for (const d of [c.demonyms?.eng?.m, c.demonyms?.eng?.f]) {
      if (!d) continue;
      for (const part of d.split(/,| or /)) {
        const p = part.trim();
        if (!p) continue;
        dem.push(p);
        const pl = plural(p);
        if (pl) dem.push(pl);
      }
    }
    const demonyms = uniq([...(o.demonyms ?? []), ...dem], drop);
    const independent = c.independent === true || ['XKX', 'PSE', 'TWN'].includes(iso3);
    const metonyms = uniq(
      [...(o.metonyms ?? []), ...(independent && capital && !o.capitalIsNotMetonym ? [capital] : [])],
      drop,
    );
    built.push({
      iso3,
      independent,
      lists: [aliases, demonyms, metonyms],
      row: ([a, d, m]) => [
        c.cca2,
        iso3,
        o.cameo ?? iso3,
        o.fips ?? '',
        o.wikidata ?? '',
        o.geonameId ? String(o.geonameId) : '',
        name,
        capital,
        String(c.latlng[0]),
        String(c.latlng[1]),
        independent ? 'yes' : 'no',
        cell(o.legacyCodes ?? []),
        cell(a!),
        cell(d!),
        cell(m!),
        o.partOf ? `${o.partOf.country}<${o.partOf.before}` : '',
      ],
    });
  }
  // A generated surface form shared by several countries ('American' for the Northern Mariana
  // Islands, 'Channel Islander') is kept only by the independent ones; shared by territories
  // only, it is dropped. Sharing between independent states ('Congolese') stays: tests list it.
  const owners = new Map<string, typeof built>();
  for (const b of built) {
    for (const s of new Set(b.lists.flat().map((x) => x.toLowerCase()))) {
      owners.set(s, [...(owners.get(s) ?? []), b]);
    }
  }
  const rows = built.map((b) =>
    b.row(
      b.lists.map((l) =>
        l.filter((x) => {
          const who = owners.get(x.toLowerCase())!;
          if (who.length === 1 || b.independent) return true;
          return false;
        }),
      ),
    ),
  );
  const unknown = [...overrides.keys()].filter((k) => !used.has(k));
  if (unknown.length) throw new Error(`countries.overrides.yaml: unknown ISO3 keys ${unknown.join(', ')}`);
  rows.sort((a, b) => (a[1]! < b[1]! ? -1 : 1));
  const header =
    '# GENERATED by services/kb/build-countries.ts from world-countries, i18n-iso-countries and countries.overrides.yaml; edit the overrides, not this file.';
  return [header, COUNTRY_COLUMNS.join('\t'), ...rows.map((r) => r.join('\t'))].join('\n') + '\n';
}
