// `newsflow process` with real worker threads over the team's sample articles: the records are the
// enriched topic's (clusters counted across articles), in input order, and GDELT TSV has its 61
// columns. No servers.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { EnrichedEventRecord } from '../../services/contracts/records.ts';
import { GDELT_EVENT_COLUMNS } from '../format/gdelt-tsv.ts';
import { run } from './process.ts';

const SAMPLES = fileURLToPath(new URL('../../data/samples/demo-articles.jsonl', import.meta.url));

async function processCli(argv: string[], stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (b: Buffer) => (out += b.toString()));
  stderr.on('data', (b: Buffer) => (err += b.toString()));
  const input = new PassThrough();
  input.end(stdin);
  const code = await run(argv, { stdin: input, stdout, stderr, env: {} });
  return { code, out, err };
}

test('JSON Lines of enriched events, duplicates dropped, corpus fields ignored, clusters counted across articles', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nf-process-'));
  const lines = readFileSync(SAMPLES, 'utf8').trim().split('\n');
  const first = JSON.parse(lines[0]!) as Record<string, unknown>;
  // The first sample retold by another publisher (a second source for its events; the same text
  // would be a duplicate, as in ingest), a copy of the first (a duplicate), a corpus field ingest
  // would refuse, and a line that is not JSON.
  const corpus = [
    ...lines,
    JSON.stringify({
      ...first,
      url: 'https://other-wire.example/a',
      source: 'other-wire',
      // A sentence that codes no event, so every event of the copy is one of the first's.
      text: `${String(first.text)} It was a cold morning.`,
      gold: [1],
    }),
    lines[0],
    '{not json',
  ];
  const file = join(dir, 'corpus.jsonl');
  writeFileSync(file, `${corpus.join('\n')}\n`);
  const { code, out, err } = await processCli([file, '--workers', '2']);
  assert.equal(code, 1, `one line is rejected: ${err}`);
  assert.match(err, /processed 11 article\(s\)/);
  assert.match(err, /rejected 1, duplicates 1/);
  assert.match(err, /fields ignored: gold/);
  const records = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as EnrichedEventRecord);
  assert.ok(records.length > 10, `${records.length} events`);
  for (const r of records) {
    assert.match(r.fingerprint, /^[0-9a-f]+$/);
    assert.ok(r.numMentions >= 1 && r.numSources >= 1 && r.numArticles >= 1);
    assert.equal(typeof r.event.eventRootCode, 'string');
  }
  // Input order: the first article's events come first.
  const firstArticle = records[0]!.event.articleId;
  const firstRun = records.findIndex((r) => r.event.articleId !== firstArticle);
  assert.ok(records.slice(0, firstRun).every((r) => r.event.articleId === firstArticle));
  // The re-published copy adds a source and an article to the clusters of the first article's events.
  const again = records.filter((r) => r.event.articleSource === 'other-wire');
  assert.ok(again.length > 0);
  for (const r of again) {
    const original = records.find((o) => o.clusterId === r.clusterId && o.event.articleId === firstArticle);
    assert.ok(original, 'same cluster as the first publication');
    assert.ok(r.numSources >= 2 && r.numArticles >= 2, JSON.stringify([r.numSources, r.numArticles]));
  }
});

test('GDELT TSV with a header: 61 columns a row', async () => {
  const { code, out } = await processCli(
    ['-', '--format', 'tsv', '--header', '--workers', '1'],
    readFileSync(SAMPLES, 'utf8'),
  );
  assert.equal(code, 0);
  const rows = out.trim().split('\n');
  assert.deepEqual(rows[0]!.split('\t'), [...GDELT_EVENT_COLUMNS]);
  assert.ok(rows.length > 10);
  for (const row of rows) assert.equal(row.split('\t').length, 61);
});

test('--dictionaries that is not a folder is refused before any work', async () => {
  const { code, err, out } = await processCli([SAMPLES, '--dictionaries', '/nowhere']);
  assert.equal(code, 2);
  assert.match(err, /--dictionaries \/nowhere: not a folder/);
  assert.equal(out, '');
});
