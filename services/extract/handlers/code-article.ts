import type { ArticleRecord, CodedEventRecord } from '../../contracts/records.ts';
import type { HandlerResult, MessageContext } from '../../platform/consumer.ts';
import { ValidationError } from '../../platform/errors.ts';
import {
  codeArticleWith,
  toCodedEvent,
  type ArticleInput,
  type CodedArticle,
  type Coder,
  type PlaceFinder,
} from '../domain/index.ts';

/** An article coded, and the seconds the coder took (not counting any wait for a worker). */
export interface TimedCoding {
  coded: CodedArticle;
  seconds: number;
}

export type CodeFn = (input: ArticleInput) => TimedCoding | Promise<TimedCoding>;

/** The coder with a place finder, timed: run in the service's thread or in a worker's. */
export function timedCoder(coder: Coder, findPlaces: PlaceFinder): (input: ArticleInput) => TimedCoding {
  return (input) => {
    const started = process.hrtime.bigint();
    const coded = codeArticleWith(coder, input, findPlaces);
    return { coded, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  };
}

export interface CodeArticleDeps {
  /** Codes one article: `timedCoder` in this thread, or a request to a worker thread. */
  code: CodeFn;
  outputTopic: string;
  maxChars: number;
  now?: () => number;
  /** Told once per article whose transaction committed (not for a handling that was aborted). */
  observe?: (stats: { events: number; sentences: number; seconds: number }) => void;
}

/**
 * The day the article's events are dated by default (YYYY-MM-DD): its publication time, else
 * when ingest accepted it. A timestamp outside the years 0–9999 (a record not written by ingest)
 * is refused by name rather than left to throw deep in the coder.
 */
function articleDay(article: ArticleRecord): string {
  const field = article.publishedAt !== null ? 'publishedAt' : 'ingestedAt';
  const ms = article.publishedAt ?? article.ingestedAt;
  const date = new Date(ms);
  const iso = Number.isNaN(date.getTime()) ? '' : date.toISOString();
  if (!/^\d{4}-/.test(iso))
    throw new ValidationError(
      `article ${article.id} has ${field} ${ms} ms, not a date between the years 0 and 9999`,
    );
  return iso.slice(0, 10);
}

/** Article → CodedEvents keyed by article id. Empty or oversized articles are rejected (dead-letter). */
export function createCodeArticleHandler(deps: CodeArticleDeps) {
  const now = deps.now ?? Date.now;
  return async (article: ArticleRecord, ctx: MessageContext): Promise<HandlerResult> => {
    if (article.id === '') throw new ValidationError('article has an empty id');
    if (!article.text || article.text.trim() === '')
      throw new ValidationError(`article ${article.id} has no text`);
    if (article.text.length > deps.maxChars) {
      throw new ValidationError(
        `article ${article.id} has ${article.text.length} characters; the limit is ${deps.maxChars} (MAX_ARTICLE_CHARS)`,
      );
    }
    const date = articleDay(article);
    const { coded, seconds } = await deps.code({ id: article.id, text: article.text, date });
    const codedAt = now();
    const events: CodedEventRecord[] = coded.events.map((draft) => toCodedEvent(article, draft, codedAt));
    if (events.length === 0) ctx.logger.debug({ articleId: article.id }, 'article has no events');
    const stats = { events: events.length, sentences: coded.sentences, seconds };
    return {
      produce: [{ topic: deps.outputTopic, records: events.map((e) => ({ key: article.id, value: e })) }],
      // Counted when its transaction commits: an article handled again after an abort (a
      // rebalance, a broker restart) is counted once, as its events are written once.
      committed: deps.observe && (() => deps.observe!(stats)),
    };
  };
}
