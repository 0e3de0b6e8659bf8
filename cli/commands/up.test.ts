// `newsflow up`'s choice of processes, and its refusal of a bad member count before anything starts.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { memberCount, run, serviceInstances } from './up.ts';

test('one process per service by default; `extract-2`, … in the same service for more', () => {
  assert.deepEqual(
    serviceInstances({}).map((i) => i.name),
    ['ingest', 'extract', 'enrich', 'web'],
  );
  assert.deepEqual(serviceInstances({ extract: 3, enrich: 2 }), [
    { name: 'ingest', service: 'ingest' },
    { name: 'extract', service: 'extract' },
    { name: 'extract-2', service: 'extract' },
    { name: 'extract-3', service: 'extract' },
    { name: 'enrich', service: 'enrich' },
    { name: 'enrich-2', service: 'enrich' },
    { name: 'web', service: 'web' },
  ]);
});

test('a member count is a whole number from 1 to the 6 partitions', () => {
  assert.equal(memberCount('extract', undefined), 1);
  assert.equal(memberCount('extract', '2'), 2);
  assert.equal(memberCount('extract', '6'), 6);
  for (const bad of ['0', '7', '1.5', 'two', ''])
    assert.match(String(memberCount('extract', bad)), /--extract must be a whole number from 1 to 6/);
});

test('`up --extract 9` says what is wrong and exits 2 before starting anything', async () => {
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (b: Buffer) => (err += b.toString()));
  const code = await run(['--extract', '9'], {
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr,
    env: {},
  });
  assert.equal(code, 2);
  assert.match(err, /newsflow up: --extract must be a whole number from 1 to 6 .* not '9'/);
  assert.match(err, /usage: newsflow up/);
});
