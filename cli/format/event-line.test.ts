import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type {
  ArticleRecord,
  DeadLetterRecord,
  EnrichedEventRecord,
} from '../../services/contracts/records.ts';
import { loadRootNames, rootNamesFrom } from './cameo-names.ts';
import { articleLine, codedLine, deadLetterLine, enrichedLine, shorten, shortTime } from './event-line.ts';
import { jsonLine } from './json-line.ts';

const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../tests/fixtures/avro/${name}.json`, import.meta.url), 'utf8'));
const rootNames = rootNamesFrom(
  'code\troot\tquad\tgoldstein\tname\n04\t04\t1\t1\tCONSULT\n040\t04\t1\t1\tConsult\n042\t04\t1\t1.9\tMake a visit\n',
);

test('shorten collapses whitespace and cuts with an ellipsis', () => {
  assert.equal(shorten('  a\n b  ', 10), 'a b');
  assert.equal(shorten('abcdefghijkl', 6), 'abcde…');
  assert.equal(shortTime(Date.UTC(2016, 1, 15, 10, 0, 0)), '2016-02-15 10:00:00Z');
});

test('root names come from the codebook, by root', () => {
  assert.equal(rootNames('04'), 'consult');
  assert.equal(rootNames('042'), 'consult');
  assert.equal(rootNames('19'), undefined);
  assert.equal(loadRootNames()('19'), 'fight', 'the real codebook names the roots');
});

test('an enriched event on one line: date, dyad, code, Goldstein, place, counts, sentence', () => {
  const r: EnrichedEventRecord = read('enriched-event');
  r.event.eventCode = '042';
  r.numMentions = 3;
  r.numSources = 2;
  const line = enrichedLine(r, { rootNames });
  assert.equal(
    line,
    '2016-02-14  USAGOV → RUSGOV  042 (consult)  G +1.0  Munich, Germany  m3/s2  "Barack Obama and Vladimir Putin held talks in Munich."',
  );
  assert.ok(!line.includes('\n'));
});

test('flags, missing target and long sentences', () => {
  const r: EnrichedEventRecord = read('enriched-event');
  r.event.target = null;
  r.event.negated = true;
  r.event.modality = 'INTENDED';
  r.event.goldsteinScale = -2;
  r.places = [];
  r.event.sentence.text = 'word '.repeat(50);
  const line = enrichedLine(r, { rootNames, sentenceChars: 20 });
  assert.match(
    line,
    /USAGOV → - {2}040 \(consult\) \[negated, intended\] {2}G -2\.0 {2}- {2}m1\/s1 {2}"word word word word…"$/,
  );
});

test('a coded event shows its place mentions', () => {
  const e = read('coded-event');
  assert.match(codedLine(e, { rootNames }), /^\d{4}-\d{2}-\d{2} {2}\S+ → \S+ {2}\d{2,4}/);
  assert.ok(
    codedLine(
      { ...e, places: [{ name: 'Aleppo', start: 0, end: 6, qualifier: null }] },
      { rootNames },
    ).includes('  Aleppo  '),
  );
});

test('an article and a dead letter', () => {
  const a: ArticleRecord = read('article');
  const line = articleLine(a);
  assert.ok(line.includes(`${a.text.length} chars`));
  const d: DeadLetterRecord = {
    ...read('dead-letter'),
    originalTopic: 'news.event.coded.v1',
    originalPartition: 2,
    originalOffset: 41,
    errorType: 'ValidationError',
    errorMessage: 'event has no source actor',
    retriable: false,
    attempts: 1,
    service: 'enrich',
  };
  assert.match(
    deadLetterLine(d),
    / {2}enrich {2}ValidationError: event has no source actor {2}from news\.event\.coded\.v1\[2\]@41 {2}1 attempt\(s\)$/,
  );
  assert.match(
    deadLetterLine({ ...d, originalOffset: -1, originalTopic: 'news.article.raw.v1' }),
    /from news\.article\.raw\.v1 \(never reached Kafka\)/,
  );
});

test('JSON lines spell bytes as base64', () => {
  assert.equal(jsonLine({ v: Buffer.from('hi'), n: null }), '{"v":"aGk=","n":null}\n');
});
