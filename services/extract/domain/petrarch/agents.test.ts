import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAgents } from './agents.ts';

const TEXT = `<!-- ZORBLAT AGENTS -->
!PERSON! = MAN, MEN, WOMAN, WOMEN
!MINIST! = MINISTER, MINISTRY
FLONK_WARDEN [~GOV] # regular plural
GRUMBY {} [~MIL]
GRASS_KEEPER_BOSS [~LAB]
BLIPPY [~EDU]
ATTORNEY_OF_ZORB {ATTORNEYS_OF_ZORB} [~JUD]
SNORK!PERSON! [~LEG]
!MINIST!_OF_SILLY_WALKS [~GOVSLY]
QUIB_SOCIETY [NGO~]
WIBBLE_OFFICE [ ~GOV}
NO_CODE_HERE
ZEMLY [GOV]
!NOSUCH!_THING [~GOV]
!BROKEN = A, B
`;

describe('parseAgents', () => {
  const { agents, diagnostics } = parseAgents(TEXT, 'z.agents.txt');
  const byCode = new Map(agents.map((a) => [a.code, a]));

  it('generates regular plurals, or none with {}, or the listed plural', () => {
    assert.deepEqual(agents[0]?.phrases, [
      ['flonk', 'warden'],
      ['flonk', 'wardens'],
    ]);
    assert.deepEqual(byCode.get('MIL')?.phrases, [['grumby']]);
    assert.deepEqual(byCode.get('LAB')?.phrases[1], ['grass', 'keeper', 'bosses']);
    assert.deepEqual(byCode.get('EDU')?.phrases[1], ['blippies']);
    assert.deepEqual(byCode.get('JUD')?.phrases, [
      ['attorney', 'of', 'zorb'],
      ['attorneys', 'of', 'zorb'],
    ]);
  });

  it('expands substitution sets, without further plurals', () => {
    assert.deepEqual(byCode.get('LEG')?.phrases, [
      ['snorkman'],
      ['snorkmen'],
      ['snorkwoman'],
      ['snorkwomen'],
    ]);
    assert.deepEqual(byCode.get('GOVSLY')?.phrases, [
      ['minister', 'of', 'silly', 'walks'],
      ['ministry', 'of', 'silly', 'walks'],
    ]);
  });

  it("reads '~' position: suffix '~GOV', prefix 'NGO~'; reads the '[~GOV}' typo", () => {
    assert.equal(byCode.get('LEG')?.position, 'suffix');
    assert.equal(byCode.get('NGO')?.position, 'prefix');
    const wibble = agents.find((a) => a.phrases[0]?.[0] === 'wibble');
    assert.equal(wibble?.code, 'GOV');
    assert.equal(wibble?.line, 12);
  });

  it('reports what it cannot read', () => {
    assert.deepEqual(
      diagnostics.map((d) => [d.line, d.severity]),
      [
        [12, 'ignored'], // '[ ~GOV}' read as '[ ~GOV]'
        [13, 'error'], // no code
        [14, 'error'], // no '~'
        [15, 'error'], // undefined marker
        [16, 'error'], // broken marker definition
      ],
    );
    assert.equal(agents.length, 9);
  });
});
