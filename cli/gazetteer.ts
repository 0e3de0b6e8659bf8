// The gazetteer the enrich CLI tools use: the shared one, which takes the default knowledge
// base's country names and people when it loads.
import { getGazetteer } from '../services/geo/index.ts';
import type { Gazetteer } from '../services/geo/index.ts';

export function cliGazetteer(): Gazetteer {
  return getGazetteer();
}
