import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDiscards } from './discards.ts';

describe('parseDiscards', () => {
  it("reads sentence discards and '+' story discards", () => {
    const { discards, diagnostics } = parseDiscards(
      '# ZORBLAT DISCARDS\nFLONK CUP   # ab 13 Jun 2005 ;AB\n+Grand Snork_Tour\nWIBBLEBALL_\n\n[BAD]\n',
      'z.discards.txt',
    );
    assert.deepEqual(
      discards.map((d) => [d.words, d.story, d.line]),
      [
        [['flonk', 'cup'], false, 2],
        [['grand', 'snork', 'tour'], true, 3],
        [['wibbleball'], false, 4],
      ],
    );
    assert.deepEqual(
      diagnostics.map((d) => [d.line, d.severity]),
      [[6, 'error']],
    );
  });
});
