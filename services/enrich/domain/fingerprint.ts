// The identity of an event across articles: same day, same actors, same code, same place.
import { createHash } from 'node:crypto';
import type { GeoPlace } from '../../geo/index.ts';

export interface FingerprintInput {
  eventDate: string;
  sourceCode: string;
  targetCode: string | null;
  eventCode: string;
  location: Pick<GeoPlace, 'geonameId' | 'countryIso2' | 'lat' | 'lon'> | null;
}

/** Location at the grain two reports of one event agree on: the GeoNames id, else a ~10 km cell. */
function locationKey(loc: FingerprintInput['location']): string {
  if (!loc) return '';
  if (loc.geonameId !== null) return `gn:${loc.geonameId}`;
  return `${loc.countryIso2 ?? ''}:${loc.lat.toFixed(1)}:${loc.lon.toFixed(1)}`;
}

/** Stable hex SHA-1 of (eventDate, source code, target code, event code, location). */
export function eventFingerprint(input: FingerprintInput): string {
  const parts = [
    'v1',
    input.eventDate,
    input.sourceCode,
    input.targetCode ?? '',
    input.eventCode,
    locationKey(input.location),
  ];
  return createHash('sha1').update(parts.join('|')).digest('hex');
}
