// Enrich's domain: entity resolution, event location, fingerprints. Plain functions over plain
// objects; the service shell adds the Redis cache and the cross-article counts.
export { entityCacheKey, resolveActor, resolveActors } from './resolve-actor.ts';
export type { ActorInput, Entity } from './resolve-actor.ts';
export { articleFocus, chooseEventLocation, clauseAround } from './event-location.ts';
export type { LocatableEvent } from './event-location.ts';
export { eventFingerprint } from './fingerprint.ts';
export type { FingerprintInput } from './fingerprint.ts';
export { enrichEvent } from './enrich-event.ts';
export type { EnrichDeps, EnrichedEventDraft } from './enrich-event.ts';
export { normaliseName } from './names.ts';
export { publisherOf } from './publisher.ts';
