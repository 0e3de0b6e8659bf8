import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entityCacheKey, resolveActor, resolveActors } from './resolve-actor.ts';
import { tinyKb } from './test-kb.ts';
import { loadKnowledgeBase } from '../../loaders/kb.ts';

const kb = tinyKb();

test('a person alias resolves to that person with the role held on the date', () => {
  const e = resolveActor({ mention: 'President Obama', code: 'USAGOV', eventDate: '2016-02-14' }, kb);
  assert.equal(e?.id, 'Q76');
  assert.equal(e?.type, 'PERSON');
  assert.equal(e?.countryIso3, 'USA');
  assert.equal(e?.role, 'President of United States');
  assert.equal(e?.roleStart, '2009-01-20');
  assert.equal(e?.roleEnd, '2017-01-20');
});

test('two Bushes are told apart by the date', () => {
  assert.equal(resolveActor({ mention: 'Bush', code: 'USAGOV', eventDate: '1991-01-17' }, kb)?.id, 'Q23505');
  assert.equal(resolveActor({ mention: 'Bush', code: 'USAGOV', eventDate: '2003-03-20' }, kb)?.id, 'Q207');
});

test("'Kim' is told apart by the actor code's country", () => {
  assert.equal(resolveActor({ mention: 'Kim', code: 'PRKGOV', eventDate: '2018-04-27' }, kb)?.id, 'Q56226');
  assert.equal(resolveActor({ mention: 'Kim', code: 'PRKGOV', eventDate: '2000-06-13' }, kb)?.id, 'Q56226');
  assert.equal(resolveActor({ mention: 'Kim', code: 'KORGOV', eventDate: '2000-06-13' }, kb)?.id, 'Q21001');
});

test('organisation by name, then by code', () => {
  assert.equal(
    resolveActor({ mention: 'OSCE', code: 'IGOEUROSC', eventDate: '2016-02-14' }, kb)?.id,
    'Q81299',
  );
  const byCode = resolveActor({ mention: 'the monitors', code: 'IGOEUROSC', eventDate: '2016-02-14' }, kb);
  assert.equal(byCode?.type, 'ORGANISATION');
  assert.equal(byCode?.id, 'Q81299');
});

test('a country code gives the country, a sector code a SECTOR entity', () => {
  const c = resolveActor({ mention: 'Russia', code: 'RUSMIL', eventDate: '2016-02-14' }, kb);
  assert.deepEqual([c?.id, c?.type], ['Q159', 'COUNTRY']);
  const s = resolveActor({ mention: 'rebels', code: 'SYRREB', eventDate: '2016-02-14' }, kb);
  assert.equal(s?.type, 'SECTOR');
  assert.equal(s?.countryIso3, 'SYR');
  assert.equal(s?.id, 'kb:syr-reb');
  const k = resolveActor({ mention: 'the Kremlin', code: 'RUSGOV', eventDate: '2016-02-14' }, kb);
  assert.equal(k?.type, 'SECTOR');
  assert.equal(resolveActor({ mention: 'someone', code: '', eventDate: '2016-02-14' }, kb), null);
});

test('batch resolution and the cache key', () => {
  const inputs = [
    { mention: 'Obama', code: 'USAGOV', eventDate: '2016-02-14' },
    { mention: 'Obama', code: 'USAGOV', eventDate: '2016-02-14' },
    { mention: 'Kim', code: 'PRK', eventDate: '2016-02-14' },
  ];
  const out = resolveActors(inputs, kb);
  assert.deepEqual(
    out.map((e) => e?.id),
    ['Q76', 'Q76', 'Q56226'],
  );
  const v1 = { ...kb, version: 'v1' };
  assert.equal(entityCacheKey(inputs[0]!, v1), entityCacheKey({ ...inputs[0]!, mention: ' obama ' }, v1));
  assert.notEqual(
    entityCacheKey(inputs[0]!, v1),
    entityCacheKey({ ...inputs[0]!, eventDate: '2018-01-01' }, v1),
  );
  assert.notEqual(entityCacheKey(inputs[0]!, v1), entityCacheKey(inputs[0]!, { ...kb, version: 'v2' }));
});

test('the seed article actors link to the right Wikidata ids in the project KB', () => {
  const real = loadKnowledgeBase();
  const day = '2016-02-14';
  const id = (mention: string, code: string) => resolveActor({ mention, code, eventDate: day }, real)?.id;
  assert.equal(id('Barack Obama', 'USAGOV'), 'Q76');
  assert.equal(id('Obama', 'USAGOV'), 'Q76');
  assert.equal(id('Vladimir Putin', 'RUSGOV'), 'Q7747');
  assert.equal(id('Putin', 'RUSGOV'), 'Q7747');
  assert.equal(id('Turkey', 'TURMIL'), 'Q43');
  assert.equal(id('Russia', 'RUSMIL'), 'Q159');
  assert.equal(id('Organization for Security and Cooperation in Europe', 'IGOEUROSC'), 'Q81299');
  assert.equal(id('OSCE', 'IGOEUROSC'), 'Q81299');
  const obama = resolveActor({ mention: 'Obama', code: 'USAGOV', eventDate: day }, real);
  assert.equal(obama?.roleStart, '2009-01-20');
});
