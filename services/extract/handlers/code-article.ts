import type { ArticleRecord, CodedEventRecord } from '../../contracts/records.ts';
import type { HandlerResult, MessageContext } from '../../platform/consumer.ts';
import { ValidationError } from '../../platform/errors.ts';
import { codeArticleWith, toCodedEvent, type Coder, type PlaceFinder } from '../domain/index.ts';

export interface CodeArticleDeps {
  coder: Coder;
  /** Place mentions of an article's text (over the gazetteer the service loaded). */
  findPlaces: PlaceFinder;
  outputTopic: string;
  maxChars: number;
  now?: () => number;
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
    const started = process.hrtime.bigint();
    const date = articleDay(article);
    const coded = codeArticleWith(deps.coder, { id: article.id, text: article.text, date }, deps.findPlaces);
    const codedAt = now();
    const events: CodedEventRecord[] = coded.events.map((draft) => toCodedEvent(article, draft, codedAt));
    deps.observe?.({
      events: events.length,
      sentences: coded.sentences,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
    if (events.length === 0) ctx.logger.debug({ articleId: article.id }, 'article has no events');
    return {
      produce: [{ topic: deps.outputTopic, records: events.map((e) => ({ key: article.id, value: e })) }],
    };
  };
}
