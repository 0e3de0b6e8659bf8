import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodedArticle } from '../../services/extract/domain/index.ts';
import { foldOf, inFold } from '../eval/folds.ts';
import { scoreRecord, type SuiteRecord } from './eval-petrarch.ts';

const event = (source: string, target: string | null, code: string) =>
  ({ source: { code: source }, target: target === null ? null : { code: target }, eventCode: code }) as never;
const coded = (events: unknown[], discarded?: 'story' | 'sentence'): CodedArticle =>
  ({ sentences: 1, events, ...(discarded ? { discarded } : {}) }) as CodedArticle;
const record = (over: Partial<SuiteRecord>): SuiteRecord => ({
  id: 'R-1',
  text: 'x',
  evaluate: true,
  coding_status: 'events',
  expected: [{ source: 'AAA', target: 'BBB', code: '042' }],
  ...over,
});

test('a record is correct only when its set of triples equals the expected set', () => {
  assert.equal(scoreRecord(record({}), coded([event('AAA', 'BBB', '042')])).correct, true);
  assert.equal(
    scoreRecord(record({}), coded([event('AAA', 'BBB', '042'), event('BBB', 'AAA', '043')])).correct,
    false,
  );
  assert.equal(scoreRecord(record({}), coded([event('AAA', 'BBB', '043')])).correct, false);
  assert.equal(scoreRecord(record({}), coded([])).correct, false);
});

test('events without both actors do not count unless require_dyad is false', () => {
  const r = record({ expected: [{ source: 'AAA', target: '', code: '190' }] });
  assert.equal(scoreRecord(r, coded([event('AAA', null, '190')])).correct, false);
  assert.equal(
    scoreRecord({ ...r, config: { require_dyad: 'false' } }, coded([event('AAA', null, '190')])).correct,
    true,
  );
});

test('noevents records must yield nothing, error records must be rejected', () => {
  const none = record({ coding_status: 'noevents', expect_no_events: true, expected: [] });
  assert.equal(scoreRecord(none, coded([])).correct, true);
  assert.equal(scoreRecord(none, coded([event('AAA', 'BBB', '042')])).correct, false);
  const error = record({ coding_status: 'error', expected_error: 'storydiscard', expected: [] });
  assert.equal(scoreRecord(error, coded([], 'story')).correct, true);
  assert.equal(scoreRecord(error, coded([])).correct, false);
});

test('folds are fixed by id and split a set roughly in half', () => {
  assert.equal(foldOf('PLOVER-1'), foldOf('PLOVER-1'));
  const ids = Array.from({ length: 1000 }, (_, i) => `id-${i}`);
  const dev = ids.filter((id) => inFold(id, 'dev')).length;
  assert.ok(dev > 400 && dev < 600, `dev fold has ${dev} of 1000`);
  assert.equal(ids.filter((id) => inFold(id, 'all')).length, 1000);
  assert.ok(ids.every((id) => inFold(id, 'dev') !== inFold(id, 'holdout')));
});
