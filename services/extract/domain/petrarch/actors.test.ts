import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoDate, parseActors } from './actors.ts';

// Fictional actors only.
const TEXT = `# ZORBLAT ACTORS
<!-- a comment -->
ZORBLATIA_  [ZBL]
+ZORBLATIAN_
+REPUBLIC_OF_ZORBLATIA
+U.N._OF_ZORB  # comment
+AL-QUIBBLE
KING_FLONK_  # several roles
	[ZBLELI 19270101-730717]
	[ZBLGOV >140608]
	[ZBLGOV > 20140608]
	[ZBLREB <950601] ; legacy comment
	[ZBLMIL 310101 - 991231]
	[ZBLOPP]
QUEEN_BLIP_
BLIP_THE_GREAT
	[ZBLGOV 9008223-911221]
	[ZBLGOV 20121207-20120802]
	[ZBLGOV 20121204]
	[ZBL]
SNORK_PARTY_(SP)  [ZBLOPP] [---] # second undated code
NOBODY_IN_PARTICULAR
`;

describe('parseActors', () => {
  const { actors, diagnostics } = parseActors(TEXT, 'z.actors.txt');

  it('reads phrases: _ joins, lower case, trailing _ dropped, punctuation kept', () => {
    assert.deepEqual(actors[0]?.phrases, [
      ['zorblatia'],
      ['zorblatian'],
      ['republic', 'of', 'zorblatia'],
      ['u.n.', 'of', 'zorb'],
      ['al-quibble'],
    ]);
    assert.equal(actors[0]?.defaultCode, 'ZBL');
    assert.deepEqual(actors[0]?.roles, []);
    assert.equal(actors[0]?.line, 3);
  });

  it('reads dated roles: ranges, > from, < to, 2- and 4-digit years, and the undated default', () => {
    const king = actors[1];
    assert.equal(king?.defaultCode, 'ZBLOPP');
    assert.deepEqual(king?.roles, [
      { code: 'ZBLELI', from: '1927-01-01', to: '1973-07-17' },
      { code: 'ZBLGOV', from: '2014-06-08', to: null },
      { code: 'ZBLGOV', from: '2014-06-08', to: null },
      { code: 'ZBLREB', from: null, to: '1995-06-01' },
      { code: 'ZBLMIL', from: '1931-01-01', to: '1999-12-31' },
    ]);
  });

  it('groups consecutive primary lines without a code with the codes that follow (TABARI)', () => {
    const blip = actors[2];
    assert.deepEqual(blip?.phrases, [
      ['queen', 'blip'],
      ['blip', 'the', 'great'],
    ]);
    assert.equal(blip?.defaultCode, 'ZBL');
    assert.deepEqual(blip?.roles, []);
  });

  it('keeps parentheses as words and reports a second undated code', () => {
    assert.deepEqual(actors[3]?.phrases, [['snork', 'party', '(sp)']]);
    assert.equal(actors[3]?.defaultCode, 'ZBLOPP');
    assert.equal(actors.length, 4);
  });

  it('reports broken dates, inverted ranges, bare dates and actors without codes', () => {
    assert.deepEqual(
      diagnostics.map((d) => [d.line, d.severity, d.message.split(' ').slice(0, 2).join(' ')]),
      [
        [17, 'error', 'broken date'],
        [18, 'error', 'range in'],
        [19, 'error', "date '20121204'"],
        [21, 'ignored', 'second undated'],
        [22, 'error', 'actor has'],
      ],
    );
    assert.match(diagnostics[0]?.message ?? '', /'9008223'/);
    assert.equal(diagnostics[0]?.text, '[ZBLGOV 9008223-911221]');
  });
});

describe('isoDate', () => {
  it('expands YYMMDD as PETRARCH does (00-30 → 20YY, else 19YY) and checks the calendar', () => {
    assert.equal(isoDate('300101'), '2030-01-01');
    assert.equal(isoDate('310101'), '1931-01-01');
    assert.equal(isoDate('000229'), '2000-02-29');
    assert.equal(isoDate('19000229'), null);
    assert.equal(isoDate('20100931'), null);
    assert.equal(isoDate('2004017'), null);
    assert.equal(isoDate('201005011'), null);
  });
});
