import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { run } from './ingest.ts';

function io(stdinText = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c) => out.push(String(c)));
  stderr.on('data', (c) => err.push(String(c)));
  const stdin = new PassThrough();
  stdin.end(stdinText);
  return { io: { stdin, stdout, stderr, env: {} }, out: () => out.join(''), err: () => err.join('') };
}

const fixtures = new URL('../../tests/fixtures/ingest', import.meta.url).pathname;

describe('newsflow ingest --dry-run', () => {
  it('reads a folder of JSONL, text and HTML and reports rejections by file:line', async () => {
    const t = io();
    const code = await run(['--dry-run', fixtures], t.io);
    assert.equal(code, 1);
    const records = t
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(records.length, 5);
    assert.ok(records.every((r) => r.origin === 'FILE'));
    assert.match(t.err(), /5 accepted, 1 duplicate\(s\), 2 rejected/);
    assert.match(t.err(), /articles\.jsonl:3 {2}line: invalid JSON/);
    assert.match(
      t.err(),
      /articles\.jsonl:5 {2}publishedAt: is not a date.*text: one of text, html or url is required/,
    );
  });

  it('reads stdin and prints a JSON summary', async () => {
    const t = io('{"text":"An article about a ceasefire agreed in Geneva on Monday."}\n');
    const code = await run(['--dry-run', '--json', '-'], t.io);
    assert.equal(code, 0);
    const lines = t.out().trim().split('\n');
    assert.equal(JSON.parse(lines[0]!).origin, 'STDIN');
    assert.equal(JSON.parse(lines[1]!).accepted, 1);
  });

  it('exits 2 on usage errors', async () => {
    assert.equal(await run([], io().io), 2);
    assert.equal(await run(['--batch', '0', fixtures], io().io), 2);
    assert.equal(await run(['/no/such/path'], io().io), 2);
  });
});
