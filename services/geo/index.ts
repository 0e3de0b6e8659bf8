// Gazetteer, toponym recognition and geocoding, shared by extract and enrich. Pure functions
// over a gazetteer the caller builds once from its sources (services/loaders/gazetteer.ts reads
// them) and passes in.
export { findPlaceMentions } from './mentions.ts';
export type { FindOptions } from './mentions.ts';
export { geocode, isDemonymPlace, toGeoPlace } from './geocode.ts';
export type { GeocodeOptions } from './geocode.ts';
export { Gazetteer, createGazetteer, optionsFromKnowledgeBase } from './gazetteer.ts';
export type { GazetteerSources } from './sources.ts';
export type { CountryLike, GazetteerOptions, GazetteerStats } from './gazetteer.ts';
export { placeKey } from './normalize.ts';
export { distanceKm } from './distance.ts';
export type { GazEntry, GeoContext, GeoPlace, PlaceKind, PlaceMention } from './types.ts';
export { nearestCity } from './reverse.ts';
export { isLocativeUse, isPossessiveUse } from './usage.ts';
