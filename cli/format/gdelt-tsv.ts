// EnrichedEvent → one row of the GDELT 2.0 event table (61 tab-separated columns, GDELT's order).
// The mapping, and what stays empty and why, is documented in docs/gdelt-export.md.
import { createHash } from 'node:crypto';
import type { ActorRecord, EnrichedEventRecord, GeoPlaceRecord } from '../../services/contracts/records.ts';
import type { CountryCodes } from '../../services/kb/country-codes.ts';

const ACTOR_FIELDS = [
  'Code',
  'Name',
  'CountryCode',
  'KnownGroupCode',
  'EthnicCode',
  'Religion1Code',
  'Religion2Code',
  'Type1Code',
  'Type2Code',
  'Type3Code',
];
const GEO_FIELDS = ['Type', 'FullName', 'CountryCode', 'ADM1Code', 'ADM2Code', 'Lat', 'Long', 'FeatureID'];

// The event's own columns, between the actors and the places, in three groups: root, CAMEO, counts.
const EVENT_FIELDS = [
  ['IsRootEvent'],
  ['EventCode', 'EventBaseCode', 'EventRootCode', 'QuadClass', 'GoldsteinScale'],
  ['NumMentions', 'NumSources', 'NumArticles', 'AvgTone'],
].flat();

export const GDELT_EVENT_COLUMNS: readonly string[] = [
  ...['GlobalEventID', 'Day', 'MonthYear', 'Year', 'FractionDate'],
  ...ACTOR_FIELDS.map((f) => `Actor1${f}`),
  ...ACTOR_FIELDS.map((f) => `Actor2${f}`),
  ...EVENT_FIELDS,
  ...GEO_FIELDS.map((f) => `Actor1Geo_${f}`),
  ...GEO_FIELDS.map((f) => `Actor2Geo_${f}`),
  ...GEO_FIELDS.map((f) => `ActionGeo_${f}`),
  'DATEADDED',
  'SOURCEURL',
];

/**
 * GDELT's GlobalEventID is an integer; newsflow's eventId is a hex string. The first 53 bits of
 * SHA-256(eventId) give a stable positive integer that every language reads exactly (it fits an
 * IEEE double and an int64). Since clusterId is the eventId of the cluster's first member, the id
 * of a cluster is the id of its first event.
 */
export function globalEventId(eventId: string): number {
  const digest = createHash('sha256').update(eventId, 'utf8').digest();
  const id = Number(digest.readBigUInt64BE(0) >> 11n);
  return id === 0 ? 1 : id;
}

/** 'YYYY-MM-DD' → { day: YYYYMMDD, monthYear: YYYYMM, year, fraction: YYYY.FFFF }. */
export function gdeltDates(eventDate: string): {
  day: string;
  monthYear: string;
  year: string;
  fraction: string;
} {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(eventDate);
  if (!m) return { day: '', monthYear: '', year: '', fraction: '' };
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  // GDELT's codebook: FractionDate = YEAR + (MONTH * 30 + DAY) / 365, four decimals.
  const fraction = (Number(y) + (Number(mo) * 30 + Number(d)) / 365).toFixed(4);
  return { day: `${y}${mo}${d}`, monthYear: `${y}${mo}`, year: y, fraction };
}

/** ms since the epoch → 'YYYYMMDDHHMMSS' (UTC), GDELT's DATEADDED. */
export function gdeltTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Tabs and line breaks would break the row; GDELT's own fields never contain them. */
function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[\t\r\n]+/g, ' ');
}

function actorCells(a: ActorRecord | null): string[] {
  if (!a) return ACTOR_FIELDS.map(() => '');
  // Ethnic and religion codes and the second/third type codes are not coded by newsflow.
  return [a.code, a.name, a.countryCode, a.knownGroupCode, '', '', '', a.type1Code, '', ''].map(cell);
}

function geoCells(p: GeoPlaceRecord | null | undefined, codes: CountryCodes): string[] {
  if (!p) return GEO_FIELDS.map(() => '');
  const iso2 = p.countryIso2 ?? '';
  const country = iso2 ? (codes.fipsOf(iso2) ?? iso2) : '';
  // Our ADM1 codes are ISO alpha-2 + admin code (GeoNames); GDELT prefixes the FIPS country code.
  const adm1 =
    p.adm1Code && iso2 && p.adm1Code.startsWith(iso2) ? country + p.adm1Code.slice(iso2.length) : p.adm1Code;
  return [p.geoType, p.fullName, country, adm1, '', p.lat, p.lon, p.geonameId].map(cell);
}

/**
 * The place nearest (by character offset) to an actor's mention, as GDELT's actor geography
 * does; none for an implicit actor or when no place was mentioned in the text.
 */
export function placeNearActor(
  actor: ActorRecord | null,
  places: GeoPlaceRecord[],
): GeoPlaceRecord | undefined {
  if (!actor || actor.start < 0) return undefined;
  let best: GeoPlaceRecord | undefined;
  let bestDistance = Infinity;
  for (const p of places) {
    if (p.start < 0) continue;
    const distance =
      p.start >= actor.end ? p.start - actor.end : p.end <= actor.start ? actor.start - p.end : 0;
    if (distance < bestDistance) {
      best = p;
      bestDistance = distance;
    }
  }
  return best;
}

export interface GdeltRowOptions {
  /** Derive GlobalEventID from clusterId instead of eventId (one row per cluster). Default false. */
  clusterIds?: boolean;
}

/** The 61 cells of one event row. */
export function gdeltRow(
  r: EnrichedEventRecord,
  codes: CountryCodes,
  options: GdeltRowOptions = {},
): string[] {
  const e = r.event;
  const dates = gdeltDates(e.eventDate);
  return [
    cell(globalEventId(options.clusterIds ? r.clusterId : e.eventId)),
    dates.day,
    dates.monthYear,
    dates.year,
    dates.fraction,
    ...actorCells(e.source),
    ...actorCells(e.target),
    e.isRootEvent ? '1' : '0',
    cell(e.eventCode),
    cell(e.eventBaseCode),
    cell(e.eventRootCode),
    cell(e.quadClass),
    cell(e.goldsteinScale),
    cell(r.numMentions),
    cell(r.numSources),
    cell(r.numArticles),
    '', // AvgTone: newsflow does not score tone
    ...geoCells(placeNearActor(e.source, r.places), codes),
    ...geoCells(placeNearActor(e.target, r.places), codes),
    ...geoCells(r.actionGeo, codes),
    gdeltTimestamp(r.firstSeenAt),
    cell(e.sourceUrl),
  ];
}

/** One TSV line (with its trailing newline). */
export function gdeltTsvLine(
  r: EnrichedEventRecord,
  codes: CountryCodes,
  options: GdeltRowOptions = {},
): string {
  return `${gdeltRow(r, codes, options).join('\t')}\n`;
}

export function gdeltTsvHeader(): string {
  return `${GDELT_EVENT_COLUMNS.join('\t')}\n`;
}
