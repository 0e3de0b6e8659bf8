// Gazetteer, toponym recognition and geocoding, shared by extract and enrich. Pure functions
// over a gazetteer the caller builds once from its sources (services/loaders/gazetteer.ts reads
// them) and passes in.
export { findPlaceMentions } from './mentions.ts';
export { geocode, isDemonymPlace } from './geocode.ts';
export { Gazetteer } from './gazetteer.ts';
export { placeKey } from './normalize.ts';
export { distanceKm } from './distance.ts';
export type { GazEntry, GeoPlace } from './types.ts';
export { nearestCity } from './reverse.ts';
export { isLocativeUse, isPossessiveUse } from './usage.ts';
