import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { EnrichedEventRecord, GeoPlaceRecord } from '../../services/contracts/records.ts';
import { countryCodesFrom } from '../../services/kb/country-codes.ts';
import {
  GDELT_EVENT_COLUMNS,
  gdeltDates,
  gdeltRow,
  gdeltTimestamp,
  gdeltTsvHeader,
  gdeltTsvLine,
  globalEventId,
  placeNearActor,
} from './gdelt-tsv.ts';

const fixture = (): EnrichedEventRecord =>
  JSON.parse(readFileSync(new URL('../../tests/fixtures/avro/enriched-event.json', import.meta.url), 'utf8'));
const codes = countryCodesFrom([
  { iso2: 'DE', iso3: 'DEU', cameo: 'DEU', fips: 'GM' },
  { iso2: 'SY', iso3: 'SYR', cameo: 'SYR', fips: 'SY' },
  { iso2: 'AX', iso3: 'ALA', cameo: 'ALA' },
]);
const col = (row: string[], name: string) => row[GDELT_EVENT_COLUMNS.indexOf(name)];
/** The record's first place with `over` on top. */
const placeLike = (r: EnrichedEventRecord, over: Partial<GeoPlaceRecord>): GeoPlaceRecord => ({
  ...r.places[0]!,
  ...over,
});

test('61 columns in GDELT 2.0 order', () => {
  assert.equal(GDELT_EVENT_COLUMNS.length, 61);
  assert.deepEqual(GDELT_EVENT_COLUMNS.slice(0, 6), [
    'GlobalEventID',
    'Day',
    'MonthYear',
    'Year',
    'FractionDate',
    'Actor1Code',
  ]);
  assert.equal(GDELT_EVENT_COLUMNS[15], 'Actor2Code');
  assert.equal(GDELT_EVENT_COLUMNS[25], 'IsRootEvent');
  assert.equal(GDELT_EVENT_COLUMNS[34], 'AvgTone');
  assert.deepEqual(GDELT_EVENT_COLUMNS.slice(35, 43), [
    'Actor1Geo_Type',
    'Actor1Geo_FullName',
    'Actor1Geo_CountryCode',
    'Actor1Geo_ADM1Code',
    'Actor1Geo_ADM2Code',
    'Actor1Geo_Lat',
    'Actor1Geo_Long',
    'Actor1Geo_FeatureID',
  ]);
  assert.equal(GDELT_EVENT_COLUMNS[51], 'ActionGeo_Type');
  assert.deepEqual(GDELT_EVENT_COLUMNS.slice(59), ['DATEADDED', 'SOURCEURL']);
  assert.equal(gdeltTsvHeader().split('\t').length, 61);
});

test('GlobalEventID is a stable positive safe integer derived from the id', () => {
  const a = globalEventId('b6e1d0c2a3f4e5d6');
  assert.equal(a, globalEventId('b6e1d0c2a3f4e5d6'));
  assert.ok(Number.isSafeInteger(a) && a > 0);
  assert.notEqual(a, globalEventId('b6e1d0c2a3f4e5d7'));
});

test('dates in GDELT spellings', () => {
  assert.deepEqual(gdeltDates('2016-02-14'), {
    day: '20160214',
    monthYear: '201602',
    year: '2016',
    fraction: '2016.2027',
  });
  assert.deepEqual(gdeltDates('not a date'), { day: '', monthYear: '', year: '', fraction: '' });
  assert.equal(gdeltTimestamp(Date.UTC(2016, 1, 15, 0, 30, 2)), '20160215003002');
});

test('the fixture maps field by field', () => {
  const r = fixture();
  r.actionGeo = r.places[0]!;
  const row = gdeltRow(r, codes);
  assert.equal(row.length, 61);
  assert.equal(col(row, 'GlobalEventID'), String(globalEventId('b6e1d0c2a3f4e5d6')));
  assert.equal(col(row, 'Day'), '20160214');
  assert.equal(col(row, 'Actor1Code'), 'USAGOV');
  assert.equal(col(row, 'Actor1Name'), 'Barack Obama');
  assert.equal(col(row, 'Actor1CountryCode'), 'USA');
  assert.equal(col(row, 'Actor1Type1Code'), 'GOV');
  assert.equal(col(row, 'Actor1EthnicCode'), '');
  assert.equal(col(row, 'Actor2Code'), 'RUSGOV');
  assert.equal(col(row, 'IsRootEvent'), '1');
  assert.equal(col(row, 'EventCode'), '040');
  assert.equal(col(row, 'EventBaseCode'), '040');
  assert.equal(col(row, 'EventRootCode'), '04');
  assert.equal(col(row, 'QuadClass'), '1');
  assert.equal(col(row, 'GoldsteinScale'), '1');
  assert.equal(col(row, 'NumMentions'), '1');
  assert.equal(col(row, 'AvgTone'), '');
  assert.equal(col(row, 'ActionGeo_Type'), '4');
  assert.equal(col(row, 'ActionGeo_FullName'), 'Munich, Germany');
  assert.equal(col(row, 'ActionGeo_CountryCode'), 'GM', 'FIPS 10-4, as GDELT');
  assert.equal(col(row, 'ActionGeo_ADM1Code'), 'GM02', 'ADM1 prefixed with the FIPS country');
  assert.equal(col(row, 'ActionGeo_ADM2Code'), '');
  assert.equal(col(row, 'ActionGeo_Lat'), '48.137');
  assert.equal(col(row, 'ActionGeo_Long'), '11.575');
  assert.equal(col(row, 'ActionGeo_FeatureID'), '2867714');
  // Munich is the place nearest to both actors' mentions
  assert.equal(col(row, 'Actor1Geo_FullName'), 'Munich, Germany');
  assert.equal(col(row, 'Actor2Geo_FullName'), 'Munich, Germany');
  assert.equal(col(row, 'DATEADDED'), gdeltTimestamp(1455495002000));
  assert.equal(col(row, 'SOURCEURL'), 'https://news.example.org/world/2016/02/15/talks.html');
});

test('no target, no places: the actor and geo blocks stay empty; negative Goldstein kept', () => {
  const r = fixture();
  r.event.target = null;
  r.event.isRootEvent = false;
  r.event.goldsteinScale = -9.5;
  r.places = [];
  const row = gdeltRow(r, codes);
  assert.equal(row.length, 61);
  for (const name of GDELT_EVENT_COLUMNS.filter((c) => c.startsWith('Actor2') || c.includes('Geo_')))
    assert.equal(col(row, name), '', name);
  assert.equal(col(row, 'IsRootEvent'), '0');
  assert.equal(col(row, 'GoldsteinScale'), '-9.5');
});

test('a country without a FIPS code keeps its ISO code; tabs and newlines never break a row', () => {
  const r = fixture();
  const place = placeLike(r, {
    fullName: 'Mariehamn,\tÅland\nIslands',
    countryIso2: 'AX',
    adm1Code: null,
    geonameId: null,
  });
  r.actionGeo = place;
  r.event.source.name = 'a\tname';
  const line = gdeltTsvLine(r, codes);
  assert.ok(line.endsWith('\n'));
  const row = line.slice(0, -1).split('\t');
  assert.equal(row.length, 61);
  assert.equal(col(row, 'ActionGeo_CountryCode'), 'AX');
  assert.equal(col(row, 'ActionGeo_FullName'), 'Mariehamn, Åland Islands');
  assert.equal(col(row, 'ActionGeo_FeatureID'), '');
  assert.equal(col(row, 'Actor1Name'), 'a name');
});

test('cluster rows take their id from the cluster', () => {
  const r = fixture();
  r.event.eventId = 'later-mention';
  assert.equal(
    col(gdeltRow(r, codes, { clusterIds: true }), 'GlobalEventID'),
    String(globalEventId(r.clusterId)),
  );
});

test('actor geography is the place nearest to the mention; none for an implicit actor', () => {
  const r = fixture();
  const far = placeLike(r, { name: 'Damascus', fullName: 'Damascus, Syria', start: 200, end: 208 });
  const near = placeLike(r, { name: 'Berlin', fullName: 'Berlin, Germany', start: 14, end: 20 });
  const inferred = placeLike(r, { start: -1, end: -1 });
  assert.equal(placeNearActor(r.event.source, [far, near, inferred])?.name, 'Berlin');
  assert.equal(placeNearActor({ ...r.event.source, start: -1, end: -1 }, [near]), undefined);
  assert.equal(placeNearActor(null, [near]), undefined);
});
