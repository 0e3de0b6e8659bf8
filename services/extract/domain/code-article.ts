// Article → coded events: sentence loop, article-level coreference memory, dates, places,
// codebook values; and the Avro-shaped CodedEvent record with its deterministic id.
import { createHash } from 'node:crypto';
import type { Chunk } from './actors.ts';
import { lookup } from './codebook.ts';
import { discardIn } from './petrarch/compile.ts';
import type { Coder } from './coder.ts';
import { codeSentence } from './code-sentence.ts';
import type { SentenceEvent } from './sentence-types.ts';
import { newArticleState, rememberChunks } from './coreference.ts';
import { normaliseDate, resolveSentenceDate } from './dates.ts';
import { analyse } from './nlp.ts';
import type {
  ActorMention,
  ArticleInput,
  CodedArticle,
  CodedEventDraft,
  PlaceMention,
  Token,
} from './types.ts';

/** Finds place mentions in a text (the geo service's gazetteer when present). */
export type PlaceFinder = (
  text: string,
) => { name: string; start: number; end: number; qualifier?: string | null }[];

// With no article date, roles are looked up as of today's holders and no relative date resolves.
const NO_DATE_ROLES = '9999-12-31';

function placesFromChunks(chunks: Chunk[], tokens: Token[], text: string): PlaceMention[] {
  const out: PlaceMention[] = [];
  for (const c of chunks) {
    if (!c.actor.country || c.pronoun || c.actor.person || c.actor.orgCode) continue;
    if (!c.placeOnly && !c.qualifier) continue;
    const first = c.qualifier ? c.first - 1 : c.first;
    const start = tokens[first]!.start;
    const end = tokens[c.last - 1]!.end;
    out.push({ name: text.slice(start, end), start, end, qualifier: c.qualifier });
  }
  return out;
}

function isDemonymChunk(c: Chunk, tokens: Token[]): boolean {
  // A one-word capitalised adjective in front of a noun ('Turkish shelling') is no place.
  return (
    c.last - c.first === 1 &&
    tokens[c.last]?.pos === 'NOUN' &&
    /(an|ian|ish|ese|i)$/.test(tokens[c.first]!.norm)
  );
}

/**
 * 'A bombing killed a U.S. soldier and wounded two others': an event with no target whose
 * source has, in the same sentence, an event of the same quad class with a target says nothing
 * that one does not.
 */
function restatesAnother(coder: Coder, e: SentenceEvent, events: SentenceEvent[]): boolean {
  if (e.target || !e.source) return false;
  const quad = lookup(coder.codebook, e.code).quadClass;
  return events.some(
    (o) =>
      o !== e &&
      o.target !== null &&
      o.source?.code === e.source!.code &&
      lookup(coder.codebook, o.code).quadClass === quad,
  );
}

/**
 * 'SPLM/A' (SSDREB…) in an event of 2005: an actor of a state that did not exist yet on the
 * event date is coded as one of the state its land belonged to (SDNREB…).
 */
function onDate(coder: Coder, m: ActorMention | null, date: string): ActorMention | null {
  const was = m && date ? coder.statehood.get(m.code.slice(0, 3)) : undefined;
  if (!m || !was || date >= was.before) return m;
  const code = was.country + m.code.slice(3);
  return { ...m, code, countryCode: m.countryCode === m.code.slice(0, 3) ? was.country : m.countryCode };
}

/** The article's place mentions inside the sentence `span`, less those the actor chunks claim. */
function placesInSentence(
  articlePlaces: ReturnType<PlaceFinder>,
  chunks: Chunk[],
  tokens: Token[],
  span: { start: number; end: number },
): PlaceMention[] {
  // The gazetteer knows 'Obama' and 'Turkish' as place names; the actor chunks know better.
  const notPlaces = chunks.filter(
    (c) =>
      c.actor.person ||
      c.actor.orgCode ||
      (!c.placeOnly && c.actor.sector === null && isDemonymChunk(c, tokens)),
  );
  return articlePlaces
    .filter((p) => p.start >= span.start && p.end <= span.end)
    .map((p) => ({ name: p.name, start: p.start, end: p.end, qualifier: p.qualifier ?? null }))
    .filter(
      (p) => !notPlaces.some((c) => tokens[c.first]!.start < p.end && tokens[c.last - 1]!.end > p.start),
    );
}

export function codeArticleWith(coder: Coder, article: ArticleInput, findPlaces?: PlaceFinder): CodedArticle {
  const text = article.text ?? '';
  const articleDate = normaliseDate(article.date ?? null);
  const roleDate = articleDate ?? NO_DATE_ROLES;
  const { tokens, sentences } = analyse(text);
  const state = newArticleState();
  const firstBreak = text.search(/\n\s*\n|\n/);
  const leadEnd = firstBreak < 0 ? text.length : firstBreak;
  const events: CodedEventDraft[] = [];
  const norms = coder.discards.size > 0 ? tokens.map((t) => t.norm) : [];
  const articleYear = articleDate ? Number(articleDate.slice(0, 4)) : null;
  if (norms.length > 0 && discardIn(coder.discards, norms, 0, tokens.length) === 'story')
    return { sentences: sentences.length, events, discarded: 'story' };
  let discarded: CodedArticle['discarded'];
  let articlePlaces: ReturnType<PlaceFinder> | undefined;
  let index = 0;
  for (const span of sentences) {
    while (span.first < span.last && tokens[span.first]!.value.trim() === '') span.first++;
    if (span.first >= span.last) continue;
    span.start = tokens[span.first]!.start;
    const sentenceIndex = index++;
    if (norms.length > 0 && discardIn(coder.discards, norms, span.first, span.last, articleYear)) {
      discarded = 'sentence';
      continue;
    }
    const { events: found, chunks } = codeSentence(coder, { tokens, span, text, date: roleDate, state });
    if (found.length > 0) {
      const sentence = {
        index: sentenceIndex,
        text: text.slice(span.start, span.end),
        start: span.start,
        end: span.end,
      };
      const resolved = articleDate ? resolveSentenceDate(tokens, span.first, span.last, articleDate) : null;
      let places: PlaceMention[];
      if (findPlaces) {
        // Found once per article (the finder uses the whole text as context), kept per sentence.
        articlePlaces ??= findPlaces(text);
        places = placesInSentence(articlePlaces, chunks, tokens, span);
      } else places = placesFromChunks(chunks, tokens, text);
      let k = 0;
      const kept = found.filter((e) => (!e.negated || coder.keepNegated) && (e.source || e.target));
      const seen = new Set<string>();
      for (const e of kept) {
        if (restatesAnother(coder, e, kept)) continue;
        const entry = lookup(coder.codebook, e.code);
        const eventDate = resolved?.date ?? articleDate ?? '';
        const target = onDate(coder, e.target, eventDate);
        const dated = onDate(coder, e.source, eventDate);
        // Two actors that were one state on the date ('South Sudan and Sudan' in 2005) can make
        // the same event twice.
        const key = `${e.code}|${dated?.code ?? ''}|${target?.code ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const source = dated ?? {
          code: '',
          countryCode: null,
          knownGroupCode: null,
          type1Code: null,
          name: '',
          start: -1,
          end: -1,
          entityRef: null,
          resolvedBy: null as never,
        };
        events.push({
          eventCode: e.code,
          eventBaseCode: e.code.length > 3 ? e.code.slice(0, 3) : e.code,
          eventRootCode: entry.root,
          quadClass: entry.quadClass,
          goldsteinScale: entry.goldstein,
          source,
          target,
          negated: e.negated,
          modality: e.modality,
          isRootEvent: span.start < leadEnd,
          pattern: e.pattern,
          confidence: e.confidence,
          places,
          sentence,
          eventDate,
          dateText: resolved?.text ?? null,
          index: k++,
          coderVersion: coder.coderVersion,
          dictionaryVersion: coder.dictionaryVersion,
        });
      }
    }
    rememberChunks(state, chunks, tokens, text);
  }
  return discarded ? { sentences: index, events, discarded } : { sentences: index, events };
}

export interface ArticleMeta {
  id: string;
  url?: string | null;
  source?: string | null;
  publishedAt?: number | string | null;
  ingestedAt?: number | null;
}

function millis(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

export function eventId(articleId: string, draft: CodedEventDraft): string {
  const parts = [
    articleId,
    String(draft.sentence.index),
    String(draft.index),
    draft.source.code,
    draft.target?.code ?? '',
    draft.eventCode,
  ];
  return createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 32);
}

/** The full CodedEvent record (schemas/coded-event.avsc) for one draft. */
export function toCodedEvent(article: ArticleMeta, draft: CodedEventDraft, now: number | Date) {
  const codedAt = typeof now === 'number' ? now : now.getTime();
  return {
    eventId: eventId(article.id, draft),
    articleId: article.id,
    sourceUrl: article.url ?? null,
    articleSource: article.source ?? null,
    publishedAt: millis(article.publishedAt),
    ingestedAt: article.ingestedAt ?? codedAt,
    eventDate: draft.eventDate,
    dateText: draft.dateText,
    eventCode: draft.eventCode,
    eventBaseCode: draft.eventBaseCode,
    eventRootCode: draft.eventRootCode,
    quadClass: draft.quadClass,
    goldsteinScale: draft.goldsteinScale,
    source: draft.source,
    target: draft.target,
    negated: draft.negated,
    modality: draft.modality,
    isRootEvent: draft.isRootEvent,
    pattern: draft.pattern,
    confidence: draft.confidence,
    places: draft.places,
    sentence: draft.sentence,
    coderVersion: draft.coderVersion,
    dictionaryVersion: draft.dictionaryVersion,
    codedAt,
  };
}
