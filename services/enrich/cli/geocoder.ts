// The gazetteer the enrich CLI tools use: the packaged sources with the default knowledge
// base's country names and people.
import type { Gazetteer } from '../../geo/index.ts';
import { loadGazetteer } from '../../loaders/gazetteer.ts';

export function cliGazetteer(): Gazetteer {
  return loadGazetteer();
}
