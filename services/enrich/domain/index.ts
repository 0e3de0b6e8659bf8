// Enrich's domain: entity resolution, event location, fingerprints. Plain functions over plain
// objects; the service shell adds the Redis cache and the cross-article counts.
export { entityCacheKey, resolveActor } from './resolve-actor.ts';
export type { ActorInput, Entity } from './resolve-actor.ts';
export { enrichEvent } from './enrich-event.ts';
export type { EnrichedEventDraft } from './enrich-event.ts';
export { publisherOf } from './publisher.ts';
