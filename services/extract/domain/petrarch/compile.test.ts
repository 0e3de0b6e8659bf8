// The coder on a small PETRARCH-layout dictionary written here (a fictional world): each
// construct the compiler supports changes what is coded, end to end from raw text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeArticleWith } from '../code-article.ts';
import { readDictionarySources } from '../../../loaders/coder.ts';
import { createCoder } from '../coder.ts';
import { testKnowledgeBase } from '../test-kb.test-helper.ts';
import { parseActors } from './actors.ts';
import { parseAgents } from './agents.ts';
import { countryOn, splitCode } from './compile.ts';
import { parseDiscards } from './discards.ts';
import type { PetrarchDictionaries } from './types.ts';
import { parseVerbDictionary } from './verbs.ts';

const VERBS = `
&ARMS
+RIFLE
+ROCKET LAUNCHER_

--- RESTORE [---] ---
RESTORE
- * DIPLOMATIC TIES [064]
- * TRADE [---]

--- VISIT [042:043] ---
VISIT

--- SUMMON [:173] ---
SUMMON

--- SELL [---] ---
SELL
- * &ARMS (TO +) [072]

--- HOST [---] ---
HOST
- + * $ [042]

--- CELEBRATE [---] ---
CELEBRATE
- * FEAST IN ^ WITH + [045]

--- SKIRMISH [190] ---
SKIRMISH
- * FIERCELY [193]

--- CLASH [---] ---
CLASH
- &NEGATIVE * [904]
- * [190]

&NEGATIVE
+DID NOT
+WILL NOT

--- CALL_OFF [---] ---
+CALL_OFF [160]
`;

const ACTORS = `
VALORIA_ [VAL]
+VALORIAN_
+PORT_ANSEL_
TESSARA_ [TES]
ORMHOLT_ [ORM]
KING_ALDRIC_
\t[VALGOV 20100101-20151231]
\t[VALELI >20160101]
BRENNMARK_
\t[VAL <20091231]
\t[TES >20100101]
GREY_LEAGUE_ [IGOGRL]
`;

const AGENTS = `
MINISTER [~GOV]
ARMY {} [~MIL]
RELIEF_AGENCY [NGO~]
`;

const DISCARDS = `
FOOTBALL
+CHAMPIONSHIP_LEAGUE
1995
`;

function coder(options: { requireDyad?: boolean; mode?: 'merge' | 'replace' } = {}) {
  const verbs = parseVerbDictionary(VERBS, 'test.verbs.txt');
  const dictionaries: PetrarchDictionaries = {
    dir: 'test',
    verbs,
    actors: parseActors(ACTORS, 'test.actors.txt').actors,
    agents: parseAgents(AGENTS, 'test.agents.txt').agents,
    discards: parseDiscards(DISCARDS, 'test.discards.txt').discards,
    options: options.requireDyad === false ? { require_dyad: 'false' } : {},
    diagnostics: verbs.diagnostics,
  };
  return createCoder(testKnowledgeBase(), readDictionarySources(), {
    petrarch: { dictionaries, digest: 'test' },
    mode: options.mode ?? 'replace',
  });
}

const built = coder();
const coded = (text: string, date = '2012-06-01', c = built) => codeArticleWith(c, { id: 't', text, date });
const triples = (text: string, date = '2012-06-01', c = built): string[] =>
  coded(text, date, c)
    .events.map((e) => `${e.source.code}>${e.target?.code ?? ''}:${e.eventCode}`)
    .sort();

describe('PETRARCH dictionaries in the coder', () => {
  it('codes a pattern with words after the verb, and nothing for the verb alone when its code is ---', () => {
    assert.deepEqual(triples('Valoria restored diplomatic ties with Tessara.'), ['VAL>TES:064']);
    assert.deepEqual(triples('Valoria restored order in Tessara.'), []);
  });

  it('lets a [---] pattern suppress the event of its use of the verb', () => {
    assert.deepEqual(triples('Valoria restored trade with Tessara.'), []);
  });

  it('codes both directions of a paired code and the reverse alone for [:CODE]', () => {
    assert.deepEqual(triples('Valoria visited Tessara.'), ['TES>VAL:043', 'VAL>TES:042']);
    assert.deepEqual(triples('Valoria summoned Tessara.'), ['TES>VAL:173']);
  });

  it('matches synsets, multi-word synset phrases and prepositional phrases', () => {
    assert.deepEqual(triples('Valoria sold rifles to Tessara.'), ['VAL>TES:072']);
    assert.deepEqual(triples('Valoria sold a rocket launcher to Tessara.'), ['VAL>TES:072']);
    assert.deepEqual(triples('Valoria sold grain to Tessara.'), []);
  });

  it("exchanges the roles when the pattern puts the target before the verb ('+ * $')", () => {
    assert.deepEqual(triples('Tessara hosted Valoria.'), ['VAL>TES:042']);
  });

  it("takes the target where '+' stands, not the first actor after the verb", () => {
    assert.deepEqual(triples('Valoria celebrated the feast in Tessara with Ormholt.'), ['VAL>ORM:045']);
  });

  it('lets a pattern that names the negation code the negated act', () => {
    assert.deepEqual(triples('Valoria did not clash with Tessara.'), ['VAL>TES:904']);
    assert.deepEqual(triples('Valoria clashed with Tessara.'), ['VAL>TES:190']);
  });

  it('reads multi-word verbs', () => {
    assert.deepEqual(triples('Valoria called off talks with Tessara.'), ['VAL>TES:160']);
  });

  it('gives a dated actor the code of the article date, and a place the country of that date', () => {
    assert.deepEqual(triples('King Aldric visited Tessara.', '2012-06-01'), [
      'TES>VALGOV:043',
      'VALGOV>TES:042',
    ]);
    assert.deepEqual(triples('King Aldric visited Tessara.', '2017-06-01'), [
      'TES>VALELI:043',
      'VALELI>TES:042',
    ]);
    assert.deepEqual(triples('Ormholt summoned Brennmark.', '2005-01-01'), ['VAL>ORM:173']);
    assert.deepEqual(triples('Ormholt summoned Brennmark.', '2012-01-01'), ['TES>ORM:173']);
  });

  it('combines agents with countries, after or before the country code', () => {
    assert.deepEqual(triples('The Valorian minister visited Tessara.'), ['TES>VALGOV:043', 'VALGOV>TES:042']);
    assert.deepEqual(triples('The Valorian relief agency visited Tessara.'), [
      'NGOVAL>TES:042',
      'TES>NGOVAL:043',
    ]);
  });

  it('needs both actors unless the dictionary says require_dyad = false', () => {
    assert.deepEqual(triples('Valoria clashed.'), []);
    assert.deepEqual(triples('Valoria clashed.', '2012-06-01', coder({ requireDyad: false })), ['VAL>:190']);
  });

  it("merged with newsflow's patterns: both actors whatever require_dyad says, no verb alone", () => {
    const merged = coder({ requireDyad: false, mode: 'merge' });
    assert.deepEqual(triples('Valoria skirmished fiercely.', '2012-06-01', merged), []);
    assert.deepEqual(triples('Valoria skirmished fiercely with Tessara.', '2012-06-01', merged), [
      'VAL>TES:193',
    ]);
    assert.deepEqual(triples('Valoria skirmished with Tessara.', '2012-06-01', merged), []);
    assert.deepEqual(triples('Valoria skirmished with Tessara.'), ['VAL>TES:190']);
    const alone = coder({ requireDyad: false });
    assert.deepEqual(triples('Valoria skirmished.', '2012-06-01', alone), ['VAL>:190']);
  });

  it("drops a sentence with a listed year only when the year is before the article's", () => {
    const text = 'Valoria visited Tessara in 1995.';
    assert.deepEqual(triples(text, '2012-06-01'), []);
    assert.deepEqual(triples(text, '1995-06-01'), ['VAL>TES:042', 'TES>VAL:043'].sort());
    assert.deepEqual(
      triples('Valoria visited Tessara in 1996.', '2012-06-01'),
      ['VAL>TES:042', 'TES>VAL:043'].sort(),
    );
  });

  it('drops a sentence with a discard phrase, and the whole story with a + discard phrase', () => {
    const one = coded('Valoria visited Tessara. Valoria beat Tessara at football.');
    assert.equal(one.discarded, 'sentence');
    assert.equal(one.events.length, 2);
    const all = coded('Valoria visited Tessara. The Championship League final was held there.');
    assert.equal(all.discarded, 'story');
    assert.equal(all.events.length, 0);
  });

  it('splits codes and resolves dated countries in gaps', () => {
    assert.deepEqual(splitCode('042:043'), { forward: '042', reverse: '043' });
    assert.deepEqual(splitCode(':173'), { forward: '', reverse: '173' });
    assert.deepEqual(splitCode('---'), { forward: '', reverse: null });
    const roles = [
      { code: 'AAA', from: null, to: '2003-03-20' },
      { code: 'AAA', from: '2006-05-20', to: null },
    ];
    assert.equal(countryOn(roles, 'ZZZ', '2004-01-01'), 'AAA');
    assert.equal(countryOn([{ code: 'BBB', from: '2010-01-01', to: null }], 'ZZZ', '2004-01-01'), 'BBB');
  });
});
