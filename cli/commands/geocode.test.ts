import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { run } from './geocode.ts';

async function collect(stream: PassThrough): Promise<string> {
  stream.end();
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

test('newsflow geocode: one output line per input line, offsets into the text', async () => {
  const input = [
    JSON.stringify({ id: 'a', text: 'Protests spread from Cairo to Alexandria.' }),
    'not json',
    JSON.stringify({ id: 'b', text: 'Nothing here.' }),
  ].join('\n');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await run([], { stdin: Readable.from([input]), stdout, stderr, env: {} });
  const lines = (await collect(stdout))
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as {
          id: string;
          places: { name: string; start: number; end: number; country: string }[];
        },
    );
  assert.equal(code, 1);
  assert.match(await collect(stderr), /line 2/);
  assert.deepEqual(
    lines.map((l) => l.id),
    ['a', 'b'],
  );
  assert.deepEqual(
    lines[0]!.places.map((p) => [p.name, p.country]),
    [
      ['Cairo', 'EG'],
      ['Alexandria', 'EG'],
    ],
  );
  assert.equal(lines[0]!.places[0]!.start, 21);
  assert.deepEqual(lines[1]!.places, []);
});
