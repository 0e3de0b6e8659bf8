import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCodebook } from './codebook.ts';
import { readDictionarySources } from '../../loaders/coder.ts';
import { parseGroups, parseSectors } from './coder.ts';
import { analyse } from './nlp.ts';
import { matchAt, parseVerbDictionary } from './verb-dictionary.ts';

describe('data/dictionaries', () => {
  const sources = readDictionarySources();
  const book = parseCodebook(sources.codebook);
  const verbs = parseVerbDictionary(sources.verbs);

  it('uses only codes of the codebook, and covers all 20 roots', () => {
    const roots = new Set<string>();
    for (const list of [...verbs.verbs.values(), ...verbs.nouns.values()]) {
      for (const p of list) {
        assert.ok(book.has(p.code), `verbs.txt:${p.line}: ${p.code} is not in codebook.tsv`);
        roots.add(p.code.slice(0, 2));
      }
    }
    for (const table of [verbs.intent, verbs.threat, verbs.reject, verbs.demand])
      for (const code of table.values()) assert.ok(book.has(code), code);
    assert.equal(roots.size, 20, [...roots].sort().join(' '));
  });

  it('parses sector and group rows', () => {
    const sectors = parseSectors(sources.sectors);
    assert.ok(sectors.some((s) => s.phrase === 'troops' && s.sector === 'MIL'));
    assert.ok(parseGroups(sources.groups).some((g) => g.code === 'KUR'));
  });
});

describe('verb patterns', () => {
  const dict = parseVerbDictionary(`
%intent 04 036
040  meet  [recip]
041  call  to discuss|talk
020  call  ^on|^upon
194  @shelling
`);
  const tokensOf = (s: string) => analyse(s).tokens;

  it('prefers the longest pattern and records the matched words', () => {
    const tokens = tokensOf('Obama called Putin to discuss the crisis.');
    const m = matchAt(dict.verbs.get('call'), tokens, 1, tokens.length);
    assert.equal(m?.pattern.code, '041');
    assert.deepEqual(m?.matched, [3, 4]);
  });

  it('requires adjacency for ^ words but skips time words', () => {
    const tokens = tokensOf('The council called on Monday on both sides to stop.');
    assert.equal(matchAt(dict.verbs.get('call'), tokens, 2, tokens.length)?.pattern.code, '020');
    const other = tokensOf('The council called the envoy on Monday.');
    assert.equal(matchAt(dict.verbs.get('call'), other, 2, other.length), undefined);
  });

  it('indexes noun triggers and directives', () => {
    assert.equal(dict.nouns.get('shelling')?.[0]?.code, '194');
    assert.equal(dict.intent.get('04'), '036');
    assert.ok(dict.verbs.get('meet')?.[0]?.flags.has('recip'));
  });

  it('rejects a malformed line with its line number', () => {
    assert.throws(() => parseVerbDictionary('19x shell'), /verbs.txt:1/);
  });
});
