import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { EnrichedEventRecord } from '../../services/contracts/records.ts';
import { mergeClusters } from './clusters.ts';

const fixture = (): EnrichedEventRecord =>
  JSON.parse(readFileSync(new URL('../../tests/fixtures/avro/enriched-event.json', import.meta.url), 'utf8'));

function mention(cluster: string, eventId: string, n: number): EnrichedEventRecord {
  const r = fixture();
  r.clusterId = cluster;
  r.event.eventId = eventId;
  r.event.sourceUrl = `https://example.org/${eventId}`;
  r.numMentions = n;
  r.numSources = n;
  r.numArticles = n;
  return r;
}

test('one record per cluster: the first mention with the highest counts, in first-seen order', () => {
  const m = mergeClusters();
  m.add(mention('a', 'a', 1));
  m.add(mention('b', 'b', 1));
  m.add(mention('a', 'a2', 3));
  m.add(mention('a', 'a3', 2));
  const out = m.records();
  assert.deepEqual(
    out.map((r) => [r.clusterId, r.event.eventId, r.numMentions, r.event.sourceUrl]),
    [
      ['a', 'a', 3, 'https://example.org/a'],
      ['b', 'b', 1, 'https://example.org/b'],
    ],
  );
});

test("the cluster's own first event wins even when a later mention is read first", () => {
  const m = mergeClusters();
  m.add(mention('a', 'a2', 2));
  m.add(mention('a', 'a', 1));
  const [r] = m.records();
  assert.equal(r!.event.eventId, 'a');
  assert.equal(r!.numMentions, 2);
});
