// The gazetteer the enrich CLI tools use: the packaged sources with the default knowledge
// base's country names and people.
import type { Gazetteer } from '../services/geo/index.ts';
import { loadGazetteer } from '../services/loaders/gazetteer.ts';

export function cliGazetteer(): Gazetteer {
  return loadGazetteer();
}
