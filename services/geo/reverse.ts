// Nearest populated place to a point: a 1-degree grid over the gazetteer's cities, built on
// first use and kept by the gazetteer. Used to give gold coordinates a country in evaluation and by tools that need one.
import type { Gazetteer } from './gazetteer.ts';
import type { GazEntry } from './types.ts';
import { distanceKm } from './distance.ts';

const GRID = Symbol('reverse: 1-degree grid of cities');

function cellKey(lat: number, lon: number): string {
  return `${Math.floor(lat)}:${Math.floor(lon)}`;
}

function gridOf(gaz: Gazetteer): Map<string, GazEntry[]> {
  return gaz.cache(GRID, () => buildGrid(gaz));
}

function buildGrid(gaz: Gazetteer): Map<string, GazEntry[]> {
  const grid = new Map<string, GazEntry[]>();
  const seen = new Set<GazEntry>();
  for (const list of gaz.names.values()) {
    for (const e of list) {
      if (e.kind !== 'city' || seen.has(e)) continue;
      seen.add(e);
      const k = cellKey(e.lat, e.lon);
      let cell = grid.get(k);
      if (!cell) grid.set(k, (cell = []));
      cell.push(e);
    }
  }
  return grid;
}

/** The city nearest to (lat, lon) within maxKm, or undefined. */
export function nearestCity(gaz: Gazetteer, lat: number, lon: number, maxKm = 50): GazEntry | undefined {
  const grid = gridOf(gaz);
  let best: GazEntry | undefined;
  let bestKm = maxKm;
  const span = Math.max(1, Math.ceil(maxKm / 100));
  for (let dy = -span; dy <= span; dy++) {
    for (let dx = -span; dx <= span; dx++) {
      for (const e of grid.get(cellKey(lat + dy, lon + dx)) ?? []) {
        const d = distanceKm(lat, lon, e.lat, e.lon);
        if (d < bestKm) {
          bestKm = d;
          best = e;
        }
      }
    }
  }
  return best;
}
