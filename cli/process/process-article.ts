// One article through the pipeline with no servers, with the services' own domain functions:
// ingest's checks and normalisation, extract's coder, enrich's entity resolution and location.
// Cross-article counts and duplicate articles are the caller's (they need every article).
import type { ArticleRecord, CodedEventRecord } from '../../services/contracts/records.ts';
import { MAX_ARTICLE_CHARS } from '../../services/contracts/limits.ts';
import {
  enrichEvent,
  entityCacheKey,
  resolveActor,
  type ActorInput,
  type EnrichedEventDraft,
  type Entity,
} from '../../services/enrich/domain/index.ts';
import { codeArticleWith, toCodedEvent, type Coder } from '../../services/extract/domain/index.ts';
import { findPlaceMentions, type Gazetteer } from '../../services/geo/index.ts';
import type { FieldError } from '../../services/ingest/domain/field-error.ts';
import { checkArticleInput } from '../../services/ingest/domain/article-input.ts';
import { normalizeArticle } from '../../services/ingest/domain/normalize-article.ts';
import type { KnowledgeBase } from '../../services/kb/types.ts';

export type ProcessedArticle =
  | {
      ok: true;
      article: Pick<ArticleRecord, 'id' | 'contentHash'>;
      sentences: number;
      events: EnrichedEventDraft[];
    }
  | { ok: false; errors: FieldError[] };

export interface ArticleProcessorDeps {
  kb: KnowledgeBase;
  /** The event coder, built once per thread (loadCoder). */
  coder: Coder;
  /** The gazetteer, built once per thread (loadGazetteer). */
  gazetteer: Gazetteer;
  kbVersion: string;
  maxTextChars?: number;
  now?: () => number;
}

/** Entities resolved once per process: what the Redis cache is to the enrich service. */
const CACHE_LIMIT = 200_000;

export function createArticleProcessor(deps: ArticleProcessorDeps) {
  const now = deps.now ?? Date.now;
  const entities = new Map<string, Entity | null>();
  const resolve = (input: ActorInput): Entity | null => {
    const key = entityCacheKey(input, deps.kb);
    const hit = entities.get(key);
    if (hit !== undefined || entities.has(key)) return hit ?? null;
    if (entities.size >= CACHE_LIMIT) entities.clear();
    const found = resolveActor(input, deps.kb);
    entities.set(key, found);
    return found;
  };

  return (raw: unknown, origin: ArticleRecord['origin'], ingestedAt: number): ProcessedArticle => {
    const checked = checkArticleInput(raw, ingestedAt);
    if (!checked.ok) return { ok: false, errors: checked.errors };
    if (checked.input.text == null && checked.input.html == null)
      return {
        ok: false,
        errors: [{ field: 'url', message: 'process reads no web pages: give text or html' }],
      };
    const n = normalizeArticle(checked.input, {
      origin,
      ingestedAt,
      maxTextChars: deps.maxTextChars ?? MAX_ARTICLE_CHARS,
    });
    if (!n.ok) return { ok: false, errors: n.errors };
    const article = n.article;
    // As extract does: the publication day, else the day it was taken in.
    const date = new Date(article.publishedAt ?? article.ingestedAt).toISOString().slice(0, 10);
    const coded = codeArticleWith(deps.coder, { id: article.id, text: article.text, date }, (text) =>
      findPlaceMentions(text, { gazetteer: deps.gazetteer }),
    );
    const codedAt = now();
    const events = coded.events.map((draft) => {
      const event: CodedEventRecord = toCodedEvent(article, draft, codedAt);
      return enrichEvent(event, {
        kb: deps.kb,
        gazetteer: deps.gazetteer,
        kbVersion: deps.kbVersion,
        resolve,
        now,
      });
    });
    return {
      ok: true,
      article: { id: article.id, contentHash: article.contentHash },
      sentences: coded.sentences,
      events,
    };
  };
}
