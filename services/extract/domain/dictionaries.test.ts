import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCodebook } from './codebook.ts';
import { readDictionarySources } from '../../loaders/coder.ts';
import { parseGroups, parseSectors } from './coder.ts';
import { analyse } from './nlp.ts';
import { addVerbDictionary } from './petrarch/compile.ts';
import { parseVerbDictionary } from './petrarch/verbs.ts';
import {
  addModality,
  emptyVerbDictionary,
  indexVerbDictionary,
  matchAt,
  type VerbDictionary,
} from './verb-dictionary.ts';

/** newsflow's own verb file and modality rules, compiled as the coder does. */
function ownVerbs(verbsText: string, modality = ''): VerbDictionary {
  const def = parseVerbDictionary(verbsText, 'verbs.txt');
  assert.deepEqual(
    def.diagnostics.map((d) => `${d.line}: ${d.message}`),
    [],
  );
  const dict = emptyVerbDictionary();
  addVerbDictionary(dict, def, 'verbs.txt', { requireDyad: false, tier: 0 });
  addModality(dict, modality);
  return dict;
}

describe('data/dictionaries', () => {
  const sources = readDictionarySources();
  const book = parseCodebook(sources.codebook);
  const verbs = ownVerbs(sources.verbs, sources.modality);

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
  const dict = ownVerbs(
    `
####### VERB PATTERNS #######
&TALK_
+DISCUSS
+TALK
&ON_
+ON
+UPON
--- MEET [---] ---
MEET
- * [040] <recip>
--- CALL [---] ---
CALL
- * TO &TALK [041]
- *_&ON [020]
--- HAIL [---] ---
HAIL
- * ~AS [051]
--- SHELLING [---] ---
@SHELLING
- * [194]
`,
    '%intent 04 036\n',
  );
  const tokensOf = (s: string) => analyse(s).tokens;

  it('prefers the longest pattern and records the matched words', () => {
    const tokens = tokensOf('Obama called Putin to discuss the crisis.');
    const m = matchAt(dict.verbs.get('call'), tokens, 1, tokens.length);
    assert.equal(m?.pattern.code, '041');
    assert.deepEqual(m?.matched, [3, 4]);
  });

  it("requires adjacency for '_' words but skips time words", () => {
    const tokens = tokensOf('The council called on Monday on both sides to stop.');
    assert.equal(matchAt(dict.verbs.get('call'), tokens, 2, tokens.length)?.pattern.code, '020');
    const other = tokensOf('The council called the envoy on Monday.');
    assert.equal(matchAt(dict.verbs.get('call'), other, 2, other.length), undefined);
  });

  it("passes over a pattern when a '~' word follows the verb", () => {
    const praise = tokensOf('Obama hailed Putin.');
    assert.equal(matchAt(dict.verbs.get('hail'), praise, 1, praise.length)?.pattern.code, '051');
    const naming = tokensOf('Obama hailed Putin as a partner.');
    assert.equal(matchAt(dict.verbs.get('hail'), naming, 1, naming.length), undefined);
  });

  it('finds through the word index what a pattern-by-pattern scan finds', () => {
    const many = ownVerbs(`
--- PRESS [---] ---
PRESS
- * FOR TALKS [041]
- * TO END [0214]
- * TO TALK WITH [041]
- * TO WITHDRAW [0211]
- * FOR RELEASE [0213]
- * [010]
- * FOR $ [010]
`);
    indexVerbDictionary(many);
    const list = many.verbs.get('press');
    const index = many.anchors.get(list!);
    assert.ok(index, 'a list of 7 patterns is indexed');
    for (const text of [
      'Obama pressed Putin to end the war.',
      'Obama pressed Putin for talks.',
      'Obama pressed Putin for the release of prisoners.',
      'Obama pressed Putin.',
      'Obama pressed Putin to talk with Kiev.',
    ]) {
      const tokens = tokensOf(text);
      const scan = matchAt(list, tokens, 1, tokens.length);
      const indexed = matchAt(list, tokens, 1, tokens.length, undefined, index);
      assert.ok(scan, text);
      assert.equal(indexed?.pattern, scan.pattern, text);
      assert.deepEqual(indexed?.matched, scan.matched, text);
    }
  });

  it('indexes noun triggers, flags and modality rules', () => {
    assert.equal(dict.nouns.get('shelling')?.[0]?.code, '194');
    assert.equal(dict.verbs.get('shelling'), undefined);
    assert.equal(dict.intent.get('04'), '036');
    assert.ok(dict.verbs.get('meet')?.[0]?.flags.has('recip'));
    assert.ok(dict.own.has('meet') && !dict.own.has('shelling'));
  });

  it('rejects a malformed modality line with its line number', () => {
    assert.throws(
      () => addModality(emptyVerbDictionary(), '%intent 04 036\n%intend 04 036'),
      /modality.txt:2/,
    );
  });
});
