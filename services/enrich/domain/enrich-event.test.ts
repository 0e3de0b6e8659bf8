import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodedEventRecord } from '../../contracts/records.ts';
import type { GeoPlace } from '../../geo/index.ts';
import { findPlaceMentions, geocode } from '../../geo/index.ts';
import { testGazetteer } from '../../geo/test-gazetteer.test-helper.ts';
import { articleFocus, chooseEventLocation } from './event-location.ts';
import { enrichEvent } from './enrich-event.ts';
import { eventFingerprint } from './fingerprint.ts';
import { tinyKb } from './test-kb.ts';

const gazetteer = testGazetteer();

const TEXT =
  'Talks opened in Geneva on Monday. Syrian rebels attacked an army post in Homs, while the government met envoys in Damascus.';
const S2 = TEXT.indexOf('Syrian');

function codedEvent(over: Partial<CodedEventRecord> = {}): CodedEventRecord {
  const rebels = TEXT.indexOf('Syrian rebels');
  const army = TEXT.indexOf('an army post');
  return {
    eventId: 'e1',
    articleId: 'a1',
    sourceUrl: null,
    articleSource: null,
    publishedAt: null,
    ingestedAt: 0,
    eventDate: '2016-02-14',
    dateText: null,
    eventCode: '190',
    eventBaseCode: '190',
    eventRootCode: '19',
    quadClass: 4,
    goldsteinScale: -10,
    source: {
      code: 'SYRREB',
      countryCode: 'SYR',
      knownGroupCode: null,
      type1Code: 'REB',
      name: 'Syrian rebels',
      start: rebels,
      end: rebels + 13,
      entityRef: null,
      resolvedBy: 'dictionary',
    },
    target: {
      code: 'SYRMIL',
      countryCode: 'SYR',
      knownGroupCode: null,
      type1Code: 'MIL',
      name: 'army',
      start: army + 3,
      end: army + 7,
      entityRef: null,
      resolvedBy: 'dictionary',
    },
    negated: false,
    modality: 'ASSERTED',
    isRootEvent: false,
    pattern: null,
    confidence: 1,
    places: findPlaceMentions(TEXT, { gazetteer })
      .filter((m) => m.start >= S2)
      .map((m) => ({ name: m.name, start: m.start, end: m.end, qualifier: m.qualifier ?? null })),
    sentence: { index: 1, text: TEXT.slice(S2), start: S2, end: TEXT.length },
    coderVersion: 't',
    dictionaryVersion: 't',
    codedAt: 0,
    ...over,
  };
}

test('the location is the place in the clause of the event, not the next clause', () => {
  const ev = codedEvent();
  const places = geocode(findPlaceMentions(TEXT, { gazetteer }), { text: TEXT }, { gazetteer });
  const loc = chooseEventLocation(ev, places, null);
  assert.equal(loc?.name, 'Homs');
  assert.equal(loc?.countryIso2, 'SY');
});

test('without a place in the sentence, the article focus is used', () => {
  const places = geocode(
    findPlaceMentions('Geneva hosted talks. Geneva was calm. Bern was not.', { gazetteer }),
    {},
    { gazetteer },
  );
  const focus = articleFocus(places);
  assert.equal(focus?.fullName, 'Geneva, Switzerland');
  assert.equal(focus?.start, -1);
  const ev = codedEvent({ sentence: { index: 0, text: 'They met.', start: 200, end: 209 } });
  assert.equal(chooseEventLocation(ev, places, focus), focus);
});

test('a place that is the actor itself is not the location', () => {
  const text = 'Turkey shelled positions in northern Syria.';
  const places = geocode(findPlaceMentions(text, { gazetteer }), { text }, { gazetteer });
  const ev = { sentence: { start: 0, end: text.length, text }, source: { start: 0, end: 6 }, target: null };
  assert.equal(chooseEventLocation(ev, places, null)?.name, 'northern Syria');
});

test('a name in the possessive is an actor, and a name after a locative preposition wins its clause', () => {
  // The seed article's sentence: the shelling is in northern Syria, not in the United States.
  const text =
    'Amid US’ concern over Turkish shelling of Kurdish targets in northern Syria days before a ceasefire.';
  const places = geocode(findPlaceMentions(text, { gazetteer }), { text }, { gazetteer });
  const at = (w: string) => ({ start: text.indexOf(w), end: text.indexOf(w) + w.length });
  const ev = { sentence: { start: 0, end: text.length, text }, source: at('Turkish'), target: at('Kurdish') };
  assert.equal(chooseEventLocation(ev, places, null)?.name, 'northern Syria');
  const plain = 'Syria and Turkey held talks, and rebels attacked Aleppo.';
  const p2 = geocode(findPlaceMentions(plain, { gazetteer }), { text: plain }, { gazetteer });
  const ev2 = {
    sentence: { start: 0, end: plain.length, text: plain },
    source: { start: -1, end: -1 },
    target: null,
  };
  assert.equal(
    chooseEventLocation(ev2, p2, null)?.name,
    'Aleppo',
    'without a preposition: the most specific',
  );
  const offset = 'Intro sentence here. ';
  const shifted = `${offset}Russia’s jets bombed targets in Aleppo.`;
  const p3 = geocode(findPlaceMentions(shifted, { gazetteer }), { text: shifted }, { gazetteer });
  const ev3 = {
    sentence: { start: offset.length, end: shifted.length, text: shifted.slice(offset.length) },
    source: { start: -1, end: -1 },
    target: null,
  };
  assert.equal(chooseEventLocation(ev3, p3, null)?.countryIso2, 'SY');
});

test('fingerprints are stable hex and differ by location', () => {
  const base = { eventDate: '2016-02-14', sourceCode: 'TURMIL', targetCode: 'KURREB', eventCode: '194' };
  const at = (geonameId: number | null): Pick<GeoPlace, 'geonameId' | 'countryIso2' | 'lat' | 'lon'> => ({
    geonameId,
    countryIso2: 'SY',
    lat: 36.2,
    lon: 37.16,
  });
  const a = eventFingerprint({ ...base, location: at(170063) });
  assert.match(a, /^[0-9a-f]{40}$/);
  assert.equal(a, eventFingerprint({ ...base, location: at(170063) }));
  assert.notEqual(a, eventFingerprint({ ...base, location: null }));
  assert.notEqual(a, eventFingerprint({ ...base, location: at(null) }));
});

test('enrichEvent links both actors, geocodes the places and picks the action place', () => {
  const out = enrichEvent(codedEvent(), { kb: tinyKb(), gazetteer, now: () => 42 });
  assert.equal(out.sourceEntity?.type, 'SECTOR');
  assert.equal(out.sourceEntity?.countryIso3, 'SYR');
  assert.equal(out.targetEntity?.id, 'kb:syr-mil');
  assert.deepEqual(
    out.places.map((p) => p.name),
    ['Homs', 'Damascus'],
  );
  assert.equal(out.actionGeo?.name, 'Homs');
  assert.equal(out.kbVersion, 'test');
  assert.equal(out.enrichedAt, 42);
  assert.match(out.fingerprint, /^[0-9a-f]{40}$/);
  assert.ok(!('numMentions' in out));
});
