// Test helper (not a test): the gazetteer of the packaged sources, data/geo and data/kb, loaded
// once per test process and shared by the tests that need one.
import { loadGazetteer } from '../loaders/gazetteer.ts';
import type { Gazetteer } from './gazetteer.ts';

let loaded: Gazetteer | undefined;

export function testGazetteer(): Gazetteer {
  loaded ??= loadGazetteer();
  return loaded;
}
