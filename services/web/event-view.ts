// What the page needs of an enriched event, and no more: one small JSON object per event.
import type { EnrichedEventRecord } from '../contracts/records.ts';

export interface EventView {
  id: string;
  clusterId: string;
  code: string;
  root: string;
  quad: number;
  date: string;
  source: { code: string; name: string; country: string | null };
  target: { code: string; name: string; country: string | null } | null;
  where: { name: string; lat: number; lon: number; country: string | null } | null;
  sentence: string;
  url: string | null;
  mentions: number;
  sources: number;
  articles: number;
  /** When enrich wrote it (ms): the last hour and day are counted from this. */
  at: number;
  /** Every code (ISO alpha-2, alpha-3, CAMEO) of the actors' and the place's countries, for the filter. */
  countries: string[];
}

/** Every code naming the same country as a code (ISO alpha-2, alpha-3, CAMEO). */
export type CountryAliases = (code: string) => string[];

export function eventView(r: EnrichedEventRecord, aliases: CountryAliases): EventView {
  const e = r.event;
  const g = r.actionGeo;
  return {
    id: e.eventId,
    clusterId: r.clusterId,
    code: e.eventCode,
    root: e.eventRootCode,
    quad: e.quadClass,
    date: e.eventDate,
    source: { code: e.source.code, name: e.source.name, country: e.source.countryCode },
    target: e.target ? { code: e.target.code, name: e.target.name, country: e.target.countryCode } : null,
    where:
      g && g.lat !== null && g.lon !== null
        ? { name: g.fullName || g.name, lat: g.lat, lon: g.lon, country: g.countryIso2 }
        : null,
    sentence: e.sentence.text.trim(),
    url: e.sourceUrl,
    mentions: r.numMentions,
    sources: r.numSources,
    articles: r.numArticles,
    at: r.enrichedAt,
    countries: [
      ...new Set(
        [e.source.countryCode, e.target?.countryCode, g?.countryIso2]
          .filter((c): c is string => !!c)
          .flatMap((c) => aliases(c)),
      ),
    ],
  };
}
