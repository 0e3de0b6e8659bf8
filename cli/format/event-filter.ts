// The filters of `newsflow tail`: CAMEO root, country, actor code prefix. Values within one
// filter are alternatives (OR); different filters must all match (AND).
import type { CodedEventRecord, EnrichedEventRecord } from '../../services/contracts/records.ts';
import type { CountryCodes } from '../../services/kb/country-codes.ts';

export interface EventFilterSpec {
  roots: string[];
  countries: string[];
  actorPrefixes: string[];
}

export type EventPredicate = (event: CodedEventRecord, enriched?: EnrichedEventRecord) => boolean;

/** Checks the raw option values; returns what to fix, or the normalised spec. */
export function parseEventFilter(raw: {
  root?: string[];
  country?: string[];
  actor?: string[];
}): { spec: EventFilterSpec } | { error: string } {
  const roots = raw.root ?? [];
  for (const r of roots) {
    const n = Number(r);
    if (!/^\d{2}$/.test(r) || n < 1 || n > 20)
      return { error: `--root ${r}: give a two-digit CAMEO root code, 01 to 20` };
  }
  for (const c of raw.country ?? []) {
    if (!/^[A-Za-z]{2,3}$/.test(c))
      return { error: `--country ${c}: give a 3-letter CAMEO/ISO code (SYR) or an ISO alpha-2 code (SY)` };
  }
  for (const a of raw.actor ?? []) {
    if (!/^[A-Za-z0-9]+$/.test(a))
      return {
        error: `--actor ${a}: give a CAMEO actor code or its beginning, letters only (USAGOV, USA, IGOUNO)`,
      };
  }
  const countries = (raw.country ?? []).map((c) => c.toUpperCase());
  const actorPrefixes = (raw.actor ?? []).map((a) => a.toUpperCase());
  return { spec: { roots, countries, actorPrefixes } };
}

export function isEmptyFilter(spec: EventFilterSpec): boolean {
  return spec.roots.length === 0 && spec.countries.length === 0 && spec.actorPrefixes.length === 0;
}

/**
 * Country matches either actor's country code, the country of a linked entity, or the country of
 * the event's place (action geography, else any geocoded place); ISO alpha-2, alpha-3 and CAMEO
 * spellings of one country are treated alike.
 */
export function eventPredicate(spec: EventFilterSpec, codes: CountryCodes): EventPredicate {
  const wanted = new Set(spec.countries.flatMap((c) => codes.aliasesOf(c)));
  return (e, enriched) => {
    if (spec.roots.length && !spec.roots.includes(e.eventRootCode)) return false;
    if (spec.actorPrefixes.length) {
      const actorCodes = [e.source.code, e.target?.code ?? ''].filter(Boolean);
      if (!spec.actorPrefixes.some((p) => actorCodes.some((c) => c.startsWith(p)))) return false;
    }
    if (wanted.size) {
      const seen = [
        e.source.countryCode,
        e.target?.countryCode,
        enriched?.sourceEntity?.countryIso3,
        enriched?.targetEntity?.countryIso3,
        enriched?.actionGeo?.countryIso2,
        ...(enriched && !enriched.actionGeo ? enriched.places.map((p) => p.countryIso2) : []),
      ];
      if (!seen.some((c) => c && wanted.has(c.toUpperCase()))) return false;
    }
    return true;
  };
}
