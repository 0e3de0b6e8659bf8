// Uses the geo service's gazetteer for place mentions when that module is present; otherwise
// the coder falls back to the country and capital mentions its own dictionary finds.
import type { PlaceFinder } from '../domain/index.ts';

export async function loadPlaceFinder(): Promise<PlaceFinder | undefined> {
  try {
    const spec = '../../geo/index.ts';
    const mod = (await import(spec)) as { findPlaceMentions?: PlaceFinder };
    return typeof mod.findPlaceMentions === 'function' ? mod.findPlaceMentions : undefined;
  } catch {
    return undefined;
  }
}
