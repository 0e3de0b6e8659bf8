import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PatternItem } from './types.ts';
import { parseVerbDictionary } from './verbs.ts';

// Fictional words only.
const P2 = `# ZORBLAT VERB PATTERNS
####### SYNONYM SETS #######

&GLIMMER
+FLONK
+BLIPPY
+GRASS
+SNORK_
+WUZ_BAG

&QUIB_
+ZEM
+ZEM_TO

&QUIB_OF_WORDS
+BLATHER

####### VERB PATTERNS #######

---  FROBNICATE   [042]  ---
FROBNICATE
HURBLE {HURBLES HURBLING HURBLED }
+CALL_OFFO {+CALLS_OFFO +CALLED_OFFO}
+ANGERED_BYO {}
ZAP [160]
- * (TO)                                  [042:043]     # FROBNICATE
- * {ARMS SHIPMENT}                       [072]
- &GLIMMER * &QUIB (OVER {&GLIMMER ATTACK})  [151]
- $ * + % ^                               [---]
- NOT_* FLOOP                             [075A]
- *_OUTA FLOOP                            [:173]
- * (IN &NOSUCH)                          [145]
- * (WITH VISIT)   VISIT)[042]
- * (IN &QUIB_OF_WORDS) &QUIB_ZAP [043]
---  DISGRUNT   [110]---  ---
DISGRUNT
- * THING [111]

######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
`;

const P1 = `<!-- ZORBLAT VALIDATION VERBS -->
<!-- a comment
 over two lines -->
&TIETYPES
+MILKY
+BRONC
&ACCORDSYN  # synsets inside synsets
+&TIETYPES
+CLOSER
--- WIBBLE  [345]  ---
WIBBLE    # pas 15 Jul 2003
KLM_NOP_+RST [002]
WIRE_+TAPO {WIRE_+TAPPED  WIRE_+TAPPING }
- * NEW_&TIETYPES_RELATIONS [903] ;  legacy comment
- SO IN_AND_*_OUT_AGAIN NOW [074]
- IN_ *  [075A]
- * OFF_  [195]
- INCHING &ACCORDSYN **  [083]
--- DELAYO [120]  [031:031]  ---
DELAYO ; tony 3/9/91
- * {A | B} [111]
-- * garbage
BAD_++WORD
`;

const words = (items: PatternItem[]): string[] =>
  items.map((x) =>
    x.kind === 'word'
      ? x.word + (x.joined ? '_' : '')
      : x.kind === 'synset'
        ? '&' + x.name + (x.joined ? '_' : '')
        : x.kind === 'open' || x.kind === 'close'
          ? x.bracket
          : x.kind,
  );

/** Synset members written as a list of phrases: 'snork, wuz bag' is [['snork'], ['wuz', 'bag']]. */
const phrases = (members: string): string[][] => members.split(', ').map((m) => m.split(' '));

/** The dictionary's layout is `layout`, and synset `label` holds `members` (as phrases). */
function assertLayoutAndSynset(
  d: ReturnType<typeof parseVerbDictionary>,
  layout: string,
  label: string,
  members: string,
): void {
  assert.equal(d.layout, layout);
  assert.deepEqual(d.synsets.get(label), phrases(members));
}

describe('parseVerbDictionary, PETRARCH 2 layout', () => {
  const d = parseVerbDictionary(P2, 'p2.txt');

  it('recognises the layout and reads synsets with their plurals', () => {
    assertLayoutAndSynset(
      d,
      'PETRARCH2',
      'GLIMMER',
      'flonk, flonks, blippy, blippies, grass, grasses, snork, wuz bag, wuz bags',
    );
    // A label ending in '_' generates no plurals; the '_' is dropped from the name.
    assert.deepEqual(d.synsets.get('QUIB'), [['zem'], ['zem', 'to']]);
  });

  it('reads block headers, verbs, irregular forms, {} and multi-word verbs', () => {
    const b = d.blocks[0];
    assert.ok(b);
    assert.equal(b.name, 'FROBNICATE');
    assert.equal(b.code, '042');
    const [plain, hurble, callOff, angered, zap] = b.verbs;
    assert.deepEqual(plain?.base, { words: ['frobnicate'], verbIndex: 0 });
    assert.equal(plain?.formsGiven, false);
    assert.deepEqual(
      hurble?.forms.map((f) => f.words[0]),
      ['hurbles', 'hurbling', 'hurbled'],
    );
    assert.deepEqual(callOff?.base, { words: ['call', 'offo'], verbIndex: 0 });
    assert.deepEqual(callOff?.forms[1], { words: ['called', 'offo'], verbIndex: 0 });
    assert.equal(angered?.formsGiven, true);
    assert.deepEqual(angered?.forms, []);
    assert.equal(zap?.code, '160');
    assert.equal(plain?.code, null);
  });

  it('reads patterns: phrases, synsets, $ + % ^, joins, codes', () => {
    const pats = d.blocks[0]?.patterns ?? [];
    assert.deepEqual(
      pats.map((p) => [words(p.before), p.verbJoined, words(p.after), p.code]),
      [
        [[], false, ['(', 'to', ')'], '042:043'],
        [[], false, ['{', 'arms', 'shipment', '}'], '072'],
        [['&GLIMMER'], false, ['&QUIB', '(', 'over', '{', '&GLIMMER', 'attack', '}', ')'], '151'],
        [['source'], false, ['target', 'compound', 'skip'], '---'],
        [['not_'], false, ['floop'], '075A'],
        [[], true, ['outa', 'floop'], ':173'],
        // '&QUIB_OF_WORDS' is a label; '&QUIB_ZAP' is &QUIB joined to 'zap'
        [[], false, ['(', 'in', '&QUIB_OF_WORDS', ')', '&QUIB_', 'zap'], '043'],
      ],
    );
    assert.equal(pats[0]?.line, 26);
    assert.match(pats[0]?.text ?? '', /^- \* \(TO\)/);
  });

  it('reads a header with stray dashes, reports errors and ignored transformations', () => {
    assert.equal(d.blocks[1]?.name, 'DISGRUNT');
    assert.equal(d.blocks[1]?.code, '110');
    assert.equal(d.blocks[1]?.patterns.length, 1);
    const got = d.diagnostics.map((x) => [x.line, x.severity, x.message.split(':')[0]]);
    assert.deepEqual(got, [
      [32, 'error', 'undefined synset &NOSUCH'],
      [33, 'error', 'unbalanced ( ) or { } in pattern'],
      [40, 'ignored', "verb transformation ('~' rule)"],
    ]);
    assert.equal(d.diagnostics[0]?.file, 'p2.txt');
    assert.equal(d.diagnostics[2]?.text, '~ a (a b ATTACK) SAY = a b 015');
  });
});

describe('parseVerbDictionary, PETRARCH 1 / TABARI layout', () => {
  const d = parseVerbDictionary(P1, 'p1.txt');

  it('recognises the layout, expands synsets inside synsets', () => {
    assertLayoutAndSynset(d, 'PETRARCH1', 'ACCORDSYN', 'milky, milkies, bronc, broncs, closer, closers');
  });

  it("reads '+' inside multi-word verbs as the verb's position", () => {
    const [, klm, wire] = d.blocks[0]?.verbs ?? [];
    assert.deepEqual(klm?.base, { words: ['klm', 'nop', 'rst'], verbIndex: 2 });
    assert.equal(klm?.code, '002');
    assert.deepEqual(wire?.base, { words: ['wire', 'tapo'], verbIndex: 1 });
    assert.deepEqual(wire?.forms[0], { words: ['wire', 'tapped'], verbIndex: 1 });
  });

  it("reads joins, 'X_ ' as an open match, a final '_', '**' and ';' comments", () => {
    const pats = d.blocks[0]?.patterns ?? [];
    assert.deepEqual(
      pats.map((p) => [words(p.before), p.verbJoined, words(p.after), p.code]),
      [
        [[], false, ['new_', '&TIETYPES_', 'relations'], '903'],
        [['so', 'in_', 'and_'], true, ['out_', 'again', 'now'], '074'],
        [['in'], false, [], '075A'],
        [[], false, ['off'], '195'],
        [['inching', '&ACCORDSYN'], false, [], '083'],
      ],
    );
  });

  it('takes the first of two header codes; reports the rest', () => {
    const b = d.blocks[1];
    assert.equal(b?.code, '120');
    assert.deepEqual(b?.verbs[0]?.base.words, ['delayo']);
    assert.deepEqual(
      d.diagnostics.map((x) => [x.line, x.severity]),
      [
        [19, 'ignored'], // second header code
        [21, 'ignored'], // TABARI {A | B}
        [22, 'error'], // '-- * garbage' has no code
        [23, 'error'], // two '+' marks
      ],
    );
    assert.match(d.diagnostics[0]?.message ?? '', /first \[120\] used, \[031:031\] ignored/);
  });

  it('never skips a line silently: every non-comment line is read or reported', () => {
    const e = parseVerbDictionary('--- ZIG [010] ---\nZIG\n- * ZAG\n[010]\n', 'x.txt');
    assert.deepEqual(
      e.diagnostics.map((x) => [x.line, x.severity]),
      [
        [3, 'error'],
        [4, 'error'],
      ],
    );
  });
});

describe("parseVerbDictionary, newsflow's extensions", () => {
  const d = parseVerbDictionary(
    [
      '####### VERB PATTERNS #######',
      '&AS_',
      '+AS',
      '+LIKE',
      '--- HAIL [---] ---',
      'HAIL',
      '@PRAISE',
      '- * ~&AS ~FOR [051] <recip> <speech>',
      '- * ~AS_WELL [051]',
      '- * ~$ [051]',
      '- * [051] <Recip>',
    ].join('\n'),
    'own.txt',
  );

  it("reads '@' noun triggers, '~' exclusions and '<flag>'s after the code", () => {
    const [hail, praise] = d.blocks[0]?.verbs ?? [];
    assert.deepEqual([hail?.noun, praise?.noun], [false, true]);
    assert.deepEqual(praise?.base.words, ['praise']);
    const p = d.blocks[0]?.patterns[0];
    assert.deepEqual(p?.after, [
      { kind: 'notSynset', name: 'AS' },
      { kind: 'not', word: 'for' },
    ]);
    assert.deepEqual(p?.flags, ['recip', 'speech']);
  });

  it('reports exclusions it cannot read and flags that are not lower-case words', () => {
    assert.equal(d.blocks[0]?.patterns.length, 1);
    assert.deepEqual(
      d.diagnostics.map((x) => x.line),
      [9, 10, 11],
    );
  });
});
