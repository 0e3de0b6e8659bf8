import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCountriesFile } from '../loaders/build-countries.ts';
import { DEFAULT_KB_DIR, loadKnowledgeBase, readKbFiles } from '../loaders/kb.ts';
import { DataFileError } from '../loaders/read.ts';
import { KB_FILES, kbVersionOf } from './load.ts';
import { KbFormatError } from './tsv.ts';
import type { Person } from './types.ts';

const kb = loadKnowledgeBase();
const person = (id: string): Person => {
  const p = kb.personById!(id);
  assert.ok(p, `no person ${id}`);
  return p;
};

test('loads the knowledge base, memoised, with a version', () => {
  assert.ok(kb.countries.length >= 250);
  assert.ok(kb.people.length >= 300);
  assert.ok(kb.organisations.length >= 80);
  assert.equal(loadKnowledgeBase(), kb);
  assert.match(kb.version, /^\d{4}-\d{2}-\d{2}\.[0-9a-f]{12}$/);
  assert.equal(kbVersionOf(readKbFiles()), kb.version);
});

test('a bad row fails with file:line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kb-'));
  for (const f of KB_FILES) cpSync(join(DEFAULT_KB_DIR, f), join(dir, f));
  const roles = readFileSync(join(dir, 'roles.tsv'), 'utf8').split('\n');
  const i = roles.findIndex((l) => l.startsWith('barack-obama\t'));
  roles[i] = 'barack-obama\tPresident\tUSA\tGOV\t2009-13-45x\t2017-01-20';
  writeFileSync(join(dir, 'roles.tsv'), roles.join('\n'));
  assert.throws(
    () => loadKnowledgeBase(dir),
    (e: unknown) => e instanceof KbFormatError && e.message.startsWith(`roles.tsv:${i + 1}: start`),
  );
});

test('a new state knows the state its land belonged to before, which must be known', () => {
  assert.deepEqual(kb.countryByCode('SSD')?.partOf, { country: 'SDN', before: '2011-07-09' });
  assert.equal(kb.countryByCode('SDN')?.partOf, undefined);
  const dir = mkdtempSync(join(tmpdir(), 'kb-'));
  for (const f of KB_FILES) cpSync(join(DEFAULT_KB_DIR, f), join(dir, f));
  const countries = readFileSync(join(dir, 'countries.tsv'), 'utf8').split('\n');
  const i = countries.findIndex((l) => l.includes('\tSDN<2011-07-09'));
  countries[i] = countries[i]!.replace('\tSDN<2011-07-09', '\tZZZ<2011-07-09');
  writeFileSync(join(dir, 'countries.tsv'), countries.join('\n'));
  assert.throws(
    () => loadKnowledgeBase(dir),
    (e: unknown) =>
      e instanceof KbFormatError && e.message === `countries.tsv:${i + 1}: partOf: unknown country ZZZ`,
  );
  rmSync(dir, { recursive: true, force: true });
});

test('a missing knowledge-base file fails naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kb-'));
  for (const f of KB_FILES) cpSync(join(DEFAULT_KB_DIR, f), join(dir, f));
  rmSync(join(dir, 'people.tsv'));
  assert.throws(
    () => loadKnowledgeBase(dir),
    (e: unknown) =>
      e instanceof DataFileError &&
      e.path === join(dir, 'people.tsv') &&
      /people\.tsv: cannot be read/.test(e.message),
  );
});

test('a knowledge-base file without its header fails naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kb-'));
  for (const f of KB_FILES) cpSync(join(DEFAULT_KB_DIR, f), join(dir, f));
  writeFileSync(join(dir, 'organisations.tsv'), '# nothing here\n');
  assert.throws(
    () => loadKnowledgeBase(dir),
    (e: unknown) => e instanceof KbFormatError && e.message.startsWith('organisations.tsv:1: no header line'),
  );
});

test('countries.tsv is up to date with the packages and countries.overrides.yaml', () => {
  assert.equal(readFileSync(join(DEFAULT_KB_DIR, 'countries.tsv'), 'utf8'), buildCountriesFile());
});

test('countryByCode accepts CAMEO, ISO3, ISO2 and legacy codes', () => {
  assert.equal(kb.countryByCode('USA')?.iso2, 'US');
  assert.equal(kb.countryByCode('us')?.iso3, 'USA');
  assert.equal(kb.countryByCode('ROM')?.iso3, 'ROU');
  assert.equal(kb.countryByCode('ROU')?.cameo, 'ROM');
  assert.equal(kb.countryByCode('XKX')?.cameo, 'KOS');
  assert.equal(kb.countryByCode('ITL')?.iso3, 'ITA');
  assert.equal(kb.countryByCode('PSE')?.name, 'Palestine');
  assert.equal(kb.countryByCode('KUR'), undefined);
  const usa = kb.countryByCode('USA')!;
  assert.ok(usa.metonyms.includes('the White House'));
  assert.equal(usa.metonymSectors?.['the Pentagon'], 'MIL');
});

test('every country has a well-formed Wikidata id; every independent one has one', () => {
  const missing: string[] = [];
  for (const c of kb.countries) {
    if (c.wikidata) assert.match(c.wikidata, /^Q[1-9]\d*$/);
    else if (c.independent) missing.push(c.iso3);
  }
  assert.deepEqual(missing, []);
  const ids = kb.countries.map((c) => c.wikidata).filter(Boolean);
  assert.equal(new Set(ids).size, ids.length, 'duplicate country Wikidata id');
});

test('the seed entities resolve', () => {
  assert.equal(kb.countryByCode('TUR')?.wikidata, 'Q43');
  assert.equal(kb.countryByCode('RUS')?.wikidata, 'Q159');
  assert.equal(kb.organisations.find((o) => o.aliases.includes('OSCE'))?.code, 'IGOEUROSC');
  const obama = person('Q76');
  assert.deepEqual(
    { ...kb.roleOn(obama, '2016-02-15') },
    { title: 'President', country: 'USA', sector: 'GOV', start: '2009-01-20', end: '2017-01-20' },
  );
  assert.equal(kb.roleOn(obama, '2018-01-01'), undefined);
  const putin = kb.roleOn(person('vladimir-putin'), '2016-02-15');
  assert.equal(putin?.title, 'President');
  assert.equal(putin?.country, 'RUS');
  assert.equal(kb.roleOn(person('adel-al-jubeir'), '2016-02-15')?.title, 'Foreign Minister');
  assert.equal(kb.roleOn(person('bashar-al-assad'), '2016-02-15')?.country, 'SYR');
  assert.equal(kb.roleOn(person('bashar-al-assad'), '2025-01-01'), undefined);
  // Half-open spans: inauguration day belongs to the incoming president.
  assert.equal(kb.roleOn(person('donald-trump'), '2017-01-20')?.title, 'President');
  assert.equal(kb.roleOn(obama, '2017-01-20'), undefined);
  assert.equal(kb.roleOn(person('donald-trump'), '2023-06-01'), undefined);
  assert.equal(kb.roleOn(person('donald-trump'), '2026-06-01')?.country, 'USA');
});

test('every role references a known country or organisation code', () => {
  const orgs = new Set(kb.organisations.map((o) => o.code));
  for (const p of kb.people) {
    assert.ok(kb.countryByCode(p.country) || orgs.has(p.country), `${p.id}: ${p.country}`);
    for (const r of p.roles)
      assert.ok(kb.countryByCode(r.country) || orgs.has(r.country), `${p.id}: ${r.country}`);
  }
  for (const o of kb.organisations) if (o.country) assert.ok(kb.countryByCode(o.country), o.code);
});

/** Offices several people hold at once; every other title has one holder per country at a time. */
const SHARED_TITLES = new Set([
  'Deputy Prime Minister',
  'Deputy Emir',
  'Founder and spiritual leader',
  'Minister of State for Foreign Affairs',
  'Opposition Leader',
  'Leader of the Sadrist movement',
]);

test('no two people hold one single-holder office on the same day', () => {
  const byOffice = new Map<string, { id: string; start: string; end: string }[]>();
  for (const p of kb.people) {
    for (const r of p.roles) {
      if (SHARED_TITLES.has(r.title)) continue;
      const k = `${r.country}\t${r.title}`;
      byOffice.set(k, [
        ...(byOffice.get(k) ?? []),
        { id: p.id!, start: r.start, end: r.end ?? '9999-12-31' },
      ]);
    }
  }
  const clashes: string[] = [];
  for (const [office, spans] of byOffice) {
    spans.sort((a, b) => (a.start < b.start ? -1 : 1));
    for (let i = 1; i < spans.length; i++) {
      for (let j = 0; j < i; j++) {
        if (spans[j]!.end > spans[i]!.start) {
          clashes.push(
            `${office}: ${spans[j]!.id} ${spans[j]!.start}..${spans[j]!.end} vs ${spans[i]!.id} from ${spans[i]!.start}`,
          );
        }
      }
    }
  }
  assert.deepEqual(clashes, []);
});

test('Wikidata ids of people and organisations are well-formed and unique', () => {
  const ids = [...kb.people, ...kb.organisations].map((x) => x.wikidata).filter(Boolean);
  for (const id of ids) assert.match(id, /^Q[1-9]\d*$/);
  assert.equal(new Set(ids).size, ids.length);
});

const overlaps = (a: Person, b: Person): boolean =>
  a.roles.some((x) => b.roles.some((y) => x.start < (y.end ?? '9999') && y.start < (x.end ?? '9999')));

test('person aliases are unique unless the dates tell the people apart', () => {
  const byAlias = new Map<string, Person[]>();
  for (const p of kb.people) {
    for (const a of new Set([p.name, ...p.aliases].map((s) => s.toLowerCase()))) {
      byAlias.set(a, [...(byAlias.get(a) ?? []), p]);
    }
  }
  const ambiguous: string[] = [];
  const byDate: string[] = [];
  for (const [alias, ps] of byAlias) {
    if (ps.length < 2) continue;
    const clash = ps.some((a, i) => ps.slice(i + 1).some((b) => overlaps(a, b)));
    (clash ? ambiguous : byDate).push(`${alias}: ${ps.map((p) => p.id).join(', ')}`);
  }
  if (byDate.length)
    console.log(`aliases resolved by date only (${byDate.length}):\n  ${byDate.join('\n  ')}`);
  assert.deepEqual(ambiguous, []);
});

test('country and organisation surface forms are unique', () => {
  const owner = new Map<string, Set<string>>();
  const add = (s: string, who: string) =>
    owner.set(s.toLowerCase(), (owner.get(s.toLowerCase()) ?? new Set()).add(who));
  for (const c of kb.countries)
    for (const s of [c.name, ...c.aliases, ...c.demonyms, ...c.metonyms]) add(s, c.iso3);
  for (const o of kb.organisations)
    for (const s of [o.name, ...o.aliases, ...(o.metonyms ?? [])]) add(s, o.code);
  const shared = [...owner].filter(([, v]) => v.size > 1).map(([k, v]) => `${k}: ${[...v].join(',')}`);
  // 'Congolese' names the people of both Congos; context decides.
  assert.deepEqual(shared, ['congolese: COD,COG']);
});
