import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceNodeFlags } from './node-flags.ts';

const semi = (flags: string[]) => flags.filter((f) => f.startsWith('--max-semi-space-size='));

test("a service's own value of a common flag replaces it; other flags follow the common ones", () => {
  assert.deepEqual(semi(serviceNodeFlags('enrich', {})), ['--max-semi-space-size=16']);
  const extract = serviceNodeFlags('extract', {});
  assert.deepEqual(semi(extract), semi(serviceNodeFlags(undefined, {})));
  assert.ok(extract.includes('--max-old-space-size=448'));
  assert.deepEqual(serviceNodeFlags('ingest', {}), ['--max-semi-space-size=16', '--max-old-space-size=128']);
});

test('NEWSFLOW_<NAME>_NODE_FLAGS replaces the own flags, and may replace a common one too', () => {
  const env = { NEWSFLOW_EXTRACT_NODE_FLAGS: ' --max-semi-space-size=8  --stack-size=2000 ' };
  assert.deepEqual(serviceNodeFlags('extract', env), ['--max-semi-space-size=8', '--stack-size=2000']);
  assert.deepEqual(
    serviceNodeFlags('extract', { NEWSFLOW_EXTRACT_NODE_FLAGS: '' }),
    serviceNodeFlags(undefined, {}),
  );
});
