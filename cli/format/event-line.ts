// The one-line, human-readable forms `newsflow tail` prints for each kind of record.
import type {
  ActorRecord,
  ArticleRecord,
  CodedEventRecord,
  DeadLetterRecord,
  EnrichedEventRecord,
} from '../../services/contracts/records.ts';
import type { RootNames } from './cameo-names.ts';

/** Collapses whitespace and cuts at `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** ms since the epoch → '2016-02-15 00:00:00Z'. */
export function shortTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

function actor(a: ActorRecord | null): string {
  if (!a) return '-';
  return a.code || `"${shorten(a.name, 20)}"`;
}

function goldstein(g: number): string {
  return `${g > 0 ? '+' : ''}${g.toFixed(1)}`;
}

/** '2016-02-14  USAGOV → RUSGOV  040 (consult)  G +1.0' plus flags for negated / not asserted. */
function eventCore(e: CodedEventRecord, rootNames: RootNames): string {
  const name = rootNames(e.eventRootCode);
  const flags = [
    e.negated ? 'negated' : '',
    e.modality !== 'ASSERTED' ? e.modality.toLowerCase() : '',
  ].filter(Boolean);
  return [
    e.eventDate,
    `${actor(e.source)} → ${actor(e.target)}`,
    `${e.eventCode}${name ? ` (${name})` : ''}${flags.length ? ` [${flags.join(', ')}]` : ''}`,
    `G ${goldstein(e.goldsteinScale)}`,
  ].join('  ');
}

export interface LineOptions {
  rootNames: RootNames;
  /** Characters of the sentence kept. Default 80. */
  sentenceChars?: number;
}

export function enrichedLine(r: EnrichedEventRecord, opts: LineOptions): string {
  const place = r.actionGeo?.fullName ?? r.places[0]?.fullName ?? '-';
  return [
    eventCore(r.event, opts.rootNames),
    place,
    `m${r.numMentions}/s${r.numSources}`,
    `"${shorten(r.event.sentence.text, opts.sentenceChars ?? 80)}"`,
  ].join('  ');
}

export function codedLine(e: CodedEventRecord, opts: LineOptions): string {
  const places = e.places.map((p) => p.name).join(', ') || '-';
  return [
    eventCore(e, opts.rootNames),
    places,
    `"${shorten(e.sentence.text, opts.sentenceChars ?? 80)}"`,
  ].join('  ');
}

export function articleLine(a: ArticleRecord): string {
  const when = a.publishedAt ?? a.ingestedAt;
  const title = a.title ? shorten(a.title, 70) : `"${shorten(a.text, 60)}"`;
  return [
    shortTime(when),
    a.source ?? '-',
    title,
    `${a.text.length} chars`,
    a.canonicalUrl ?? a.url ?? a.id,
  ].join('  ');
}

/** The reason first, then where the message came from, so it can be found and replayed. */
export function deadLetterLine(d: DeadLetterRecord): string {
  const from =
    d.originalOffset < 0
      ? `${d.originalTopic} (never reached Kafka)`
      : `${d.originalTopic}[${d.originalPartition}]@${d.originalOffset}`;
  const retry = d.retriable ? `retriable, ${d.attempts} attempt(s)` : `${d.attempts} attempt(s)`;
  return [
    shortTime(d.failedAt),
    d.service,
    `${d.errorType}: ${shorten(d.errorMessage, 120)}`,
    `from ${from}`,
    retry,
  ].join('  ');
}
