import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCameoToPlover, ploverName, ploverOf, prf } from './plover.ts';

// A few lines in the layout of the CAMEO2PLOVER table, written for this test.
const TABLE = `# header
04: CONSULT
041: CONSULT, phone,   # Discuss by telephone
08: CONCEDE
083: CONCEDE,   ,   political_institutions # Accede
08: RETREAT
0841: RETREAT, release,   legal # Return, release person(s)
163: COERCE, restrict,   diplomatic # Impose embargo
19: ASSAULT
190: ASSAULT, , military # Use conventional military force
`;

describe('CAMEO → PLOVER', () => {
  const map = parseCameoToPlover(TABLE);
  it('maps exact, base and root codes', () => {
    assert.equal(ploverOf(map, '041'), 'CONSULT');
    assert.equal(ploverOf(map, '0841'), 'RETREAT');
    assert.equal(ploverOf(map, '1631'), 'COERCE');
    assert.equal(ploverOf(map, '194'), 'ASSAULT');
  });
  it('counts appeals (02x) as REQUEST and leaves statements unmapped', () => {
    assert.equal(ploverOf(map, '0214'), 'REQUEST');
    assert.equal(ploverOf(map, '010'), undefined);
  });
  it('renames PLOVER 0.5 categories', () => {
    assert.equal(ploverName('DEMAND'), 'REQUEST');
    assert.equal(ploverName('disapprove'), 'ACCUSE');
    assert.equal(ploverName('FIGHT'), 'ASSAULT');
  });
  it('computes precision, recall and F1', () => {
    assert.deepEqual(prf({ tp: 1, fp: 1, fn: 0 }), { precision: 0.5, recall: 1, f1: 2 / 3 });
    assert.deepEqual(prf({ tp: 0, fp: 0, fn: 0 }), { precision: 0, recall: 0, f1: 0 });
  });
});
