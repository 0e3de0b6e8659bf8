import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readPetrarchDirectory } from '../../../loaders/coder.ts';

const PHOENIX = fileURLToPath(new URL('../../../../data/dictionaries/phoenix/', import.meta.url));

describe('readPetrarchDirectory on data/dictionaries/phoenix', () => {
  const d = readPetrarchDirectory(PHOENIX);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

  it('reads every file the config names, with sane counts', () => {
    assert.equal(d.verbs.layout, 'PETRARCH2');
    assert.equal(d.verbs.blocks.length, 398);
    assert.equal(sum(d.verbs.blocks.map((b) => b.patterns.length)), 4664); // 4,668 lines, 4 unreadable
    assert.equal(d.verbs.synsets.size, 40);
    assert.ok(d.actors.length > 27000 && d.actors.length < 28000, `${d.actors.length} actors`);
    assert.ok(sum(d.actors.map((a) => a.roles.length)) > 26000);
    assert.equal(d.agents.length, 2244);
    assert.equal(d.discards.length, 506);
    assert.equal(d.options.code_by_sentence, 'True');
  });

  it('reports exactly the known errors of the Phoenix files', () => {
    const errors = d.diagnostics
      .filter((x) => x.severity === 'error')
      .map((x) => `${x.file}:${x.line}`)
      .sort();
    const expected = [
      // '- * VENTURE (WITH VISIT)   VISIT)[042:043]' and '... (ON ^)   ^)[111]': stray ')'
      'CAMEO.2.0.txt:2369',
      'CAMEO.2.0.txt:7611',
      // &WEATHER and &DEMONSTRATION are never defined
      'CAMEO.2.0.txt:8448',
      'CAMEO.2.0.txt:8449',
      // damaged text (U+001A, U+FFFD, U+0000) inside names
      'Phoenix.Countries.actors.txt:745',
      'Phoenix.Countries.actors.txt:11234',
      'Phoenix.Countries.actors.txt:12159',
      'Phoenix.Countries.actors.txt:21079',
      'Phoenix.Countries.actors.txt:34472',
      'Phoenix.Countries.actors.txt:47825',
      // dates of 7, 9 and 10 digits
      'Phoenix.Countries.actors.txt:2039',
      'Phoenix.Countries.actors.txt:18010',
      'Phoenix.Countries.actors.txt:22509',
      'Phoenix.Countries.actors.txt:22520',
      'Phoenix.Countries.actors.txt:43614',
      'Phoenix.International.actors.txt:40',
      // a range that ends before it starts; bare dates without < > or -
      'Phoenix.Countries.actors.txt:14190',
      'Phoenix.Countries.actors.txt:31716',
      'Phoenix.Countries.actors.txt:51385',
      // '+FAEROYENE]_'
      'Phoenix.Countries.actors.txt:15346',
      // company lists with revenue after the code
      'Phoenix.International.actors.txt:3696',
      'Phoenix.International.actors.txt:3726',
      'Phoenix.International.actors.txt:6605',
      // 'ISLAMIC_EXTREMIST' without a code
      'Phoenix.agents.txt:1927',
    ].sort();
    assert.deepEqual(errors, expected);
  });
});

describe('readPetrarchDirectory fallbacks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'petrarch-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('falls back to files by suffix when the config names missing files, and reads Latin-1', () => {
    writeFileSync(
      join(dir, 'PETR_config.ini'),
      '[Dictionaries]\nverbfile_name = NOPE.txt\nactorfile_list = Nope.actors.txt\n' +
        'agentfile_name = Nope.agents.txt\ndiscardfile_name = Nope.discards.txt\n',
    );
    writeFileSync(join(dir, 'Z.verbs.txt'), '--- ZIG [010] ---\nZIG\n- * ZAG [011]\n');
    writeFileSync(join(dir, 'Z.actors.txt'), Buffer.from('FL\xd6NK [ZBL]\n', 'latin1'));
    writeFileSync(join(dir, 'Z.agents.txt'), 'WARDEN [~GOV]\n');
    writeFileSync(join(dir, 'Z.discards.txt'), '+FLONK CUP\n');
    const d = readPetrarchDirectory(dir);
    assert.equal(d.verbs.blocks[0]?.patterns.length, 1);
    assert.deepEqual(d.actors[0]?.phrases, [['flönk']]);
    assert.equal(d.agents.length, 1);
    assert.equal(d.discards[0]?.story, true);
    const notes = d.diagnostics.map((x) => x.message);
    assert.equal(notes.filter((m) => / read instead$/.test(m)).length, 4);
    assert.ok(notes.includes('not valid UTF-8: whole file read as Latin-1'));
    assert.equal(d.diagnostics.filter((x) => x.severity === 'error').length, 0);
  });

  it('throws when a folder has no verbs or no actors file', () => {
    const empty = mkdtempSync(join(tmpdir(), 'petrarch-empty-'));
    try {
      writeFileSync(join(empty, 'Z.agents.txt'), 'WARDEN [~GOV]\n');
      assert.throws(() => readPetrarchDirectory(empty), /no verbs .* and no actors/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
