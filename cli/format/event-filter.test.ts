import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { EnrichedEventRecord } from '../../services/contracts/records.ts';
import { countryCodesFrom } from '../../services/kb/country-codes.ts';
import { loadCountryCodes } from '../../services/loaders/country-codes.ts';
import { eventPredicate, isEmptyFilter, parseEventFilter, type EventFilterSpec } from './event-filter.ts';

const fixture = (): EnrichedEventRecord =>
  JSON.parse(readFileSync(new URL('../../tests/fixtures/avro/enriched-event.json', import.meta.url), 'utf8'));
const codes = countryCodesFrom([
  { iso2: 'DE', iso3: 'DEU', cameo: 'DEU', fips: 'GM' },
  { iso2: 'RO', iso3: 'ROU', cameo: 'ROM', fips: 'RO' },
  { iso2: 'US', iso3: 'USA', cameo: 'USA', fips: 'US' },
]);
const spec = (s: Partial<EventFilterSpec>): EventFilterSpec => ({
  roots: [],
  countries: [],
  actorPrefixes: [],
  ...s,
});
const keeps = (s: Partial<EventFilterSpec>, r = fixture()) => eventPredicate(spec(s), codes)(r.event, r);

test('option values are checked and normalised', () => {
  assert.deepEqual(parseEventFilter({ root: ['19'], country: ['syr'], actor: ['usagov'] }), {
    spec: { roots: ['19'], countries: ['SYR'], actorPrefixes: ['USAGOV'] },
  });
  assert.match((parseEventFilter({ root: ['9'] }) as { error: string }).error, /two-digit/);
  assert.match((parseEventFilter({ root: ['21'] }) as { error: string }).error, /01 to 20/);
  assert.match((parseEventFilter({ country: ['Syria'] }) as { error: string }).error, /--country Syria/);
  assert.match((parseEventFilter({ actor: ['USA GOV'] }) as { error: string }).error, /--actor/);
  assert.ok(isEmptyFilter(spec({})));
});

test('root code', () => {
  assert.ok(keeps({ roots: ['04'] }));
  assert.ok(keeps({ roots: ['19', '04'] }), 'any of several');
  assert.ok(!keeps({ roots: ['19'] }));
});

test('actor code prefix, on either actor', () => {
  assert.ok(keeps({ actorPrefixes: ['USAGOV'] }));
  assert.ok(keeps({ actorPrefixes: ['RUS'] }));
  assert.ok(!keeps({ actorPrefixes: ['SYR'] }));
  const r = fixture();
  r.event.target = null;
  assert.ok(!keeps({ actorPrefixes: ['RUS'] }, r));
});

test("country: either actor's country, the place's country, any spelling", () => {
  assert.ok(keeps({ countries: ['RUS'] }), 'target country');
  assert.ok(keeps({ countries: ['DEU'] }), 'Munich is in Germany (ISO alpha-2 DE on the place)');
  assert.ok(keeps({ countries: ['DE'] }), 'alpha-2 spelling');
  assert.ok(!keeps({ countries: ['SYR'] }));
  const r = fixture();
  r.event.source.countryCode = 'ROM';
  assert.ok(keeps({ countries: ['ROU'] }, r), 'CAMEO ROM is ISO ROU');
  // with an action geography, other places of the sentence do not count
  const a = fixture();
  a.actionGeo = { ...a.places[0]!, countryIso2: 'US' };
  assert.ok(!keeps({ countries: ['DEU'] }, a));
});

test('filters combine with AND', () => {
  assert.ok(keeps({ roots: ['04'], actorPrefixes: ['USA'], countries: ['RUS'] }));
  assert.ok(!keeps({ roots: ['04'], actorPrefixes: ['USA'], countries: ['SYR'] }));
});

test('the knowledge base table knows FIPS and CAMEO codes', () => {
  const kb = loadCountryCodes();
  assert.equal(kb.fipsOf('DE'), 'GM');
  assert.equal(kb.cameoOf('SY'), 'SYR');
  assert.ok(kb.aliasesOf('syr').includes('SY'));
  assert.deepEqual(kb.aliasesOf('XYZ'), ['XYZ']);
});
