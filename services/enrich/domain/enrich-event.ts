// One coded event -> the enriched event, minus the cross-article counts (numMentions,
// numSources, numArticles, clusterId, firstSeenAt), which the service adds from Redis.
import type { CodedEventRecord, EnrichedEventRecord } from '../../contracts/records.ts';
import type { Gazetteer, GeoPlace } from '../../geo/index.ts';
import { geocode, isDemonymPlace } from '../../geo/index.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { articleFocus, chooseEventLocation } from './event-location.ts';
import { eventFingerprint } from './fingerprint.ts';
import { resolveActor } from './resolve-actor.ts';
import type { ActorInput, Entity } from './resolve-actor.ts';

export type EnrichedEventDraft = Omit<
  EnrichedEventRecord,
  'numMentions' | 'numSources' | 'numArticles' | 'clusterId' | 'firstSeenAt'
>;

export interface EnrichDeps {
  kb: KnowledgeBase;
  /** The gazetteer places are found in (built once by the caller). */
  gazetteer: Gazetteer;
  /** Actor resolution; the service passes a cached one. Default: resolveActor over `kb`. */
  resolve?: (input: ActorInput) => Entity | null;
  /** Places of the whole article, geocoded once, when the caller has them (focus and consistency). */
  articlePlaces?: readonly GeoPlace[];
  /** Version of the KB and gazetteer. Default: kb.version. */
  kbVersion?: string;
  /** Clock. Default: Date.now. */
  now?: () => number;
}

export function enrichEvent(event: CodedEventRecord, deps: EnrichDeps): EnrichedEventDraft {
  const gaz = deps.gazetteer;
  const resolve = deps.resolve ?? ((input: ActorInput) => resolveActor(input, deps.kb));
  const countries = [event.source.countryCode, event.target?.countryCode].filter((c): c is string => !!c);
  const context = { countries };

  const sourceEntity =
    event.source.code || event.source.name
      ? resolve({ mention: event.source.name, code: event.source.code, eventDate: event.eventDate, context })
      : null;
  const targetEntity = event.target
    ? resolve({ mention: event.target.name, code: event.target.code, eventDate: event.eventDate, context })
    : null;

  const places = placesOf(event, deps.articlePlaces, countries, gaz);
  const demonym = (p: GeoPlace): boolean => isDemonymPlace(p, gaz);
  const focus = articleFocus(deps.articlePlaces ?? places, demonym);
  const actionGeo = chooseEventLocation(event, places, focus, demonym);

  return {
    event,
    sourceEntity,
    targetEntity,
    places,
    actionGeo,
    fingerprint: eventFingerprint({
      eventDate: event.eventDate,
      sourceCode: event.source.code,
      targetCode: event.target?.code ?? null,
      eventCode: event.eventCode,
      location: actionGeo,
    }),
    kbVersion: deps.kbVersion ?? deps.kb.version,
    enrichedAt: (deps.now ?? Date.now)(),
  };
}

/** The event's places: taken from the article-level geocoding when given, else geocoded here. */
function placesOf(
  event: CodedEventRecord,
  articlePlaces: readonly GeoPlace[] | undefined,
  countries: string[],
  gaz: Gazetteer,
): GeoPlace[] {
  if (articlePlaces) {
    return articlePlaces.filter((p) => p.start >= event.sentence.start && p.end <= event.sentence.end);
  }
  const mentions = event.places.map((m) => ({
    name: m.name,
    start: m.start,
    end: m.end,
    ...(m.qualifier ? { qualifier: m.qualifier } : {}),
  }));
  return geocode(
    mentions,
    { text: event.sentence.text, textOffset: event.sentence.start, countries },
    { gazetteer: gaz },
  );
}
