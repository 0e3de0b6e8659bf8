import type { ArticleOrigin, ArticleRecord } from '../ports.ts';
import { articleId, sha256Hex } from './article-id.ts';
import type { CheckedInput } from './article-input.ts';
import type { FieldError } from './field-error.ts';
import { htmlToText } from './html-to-text.ts';
import { detectLanguage, parseLanguageTag } from './language.ts';
import { normalizeText } from './normalize-text.ts';
import { parsePublishedAt } from './published-at.ts';

export interface NormalizeContext {
  origin: ArticleOrigin;
  ingestedAt: number;
  feedUrl?: string | null;
  /** Longest accepted text, in characters, after normalisation. */
  maxTextChars: number;
}

export type NormalizeResult =
  { ok: true; article: ArticleRecord } | { ok: false; errors: FieldError[]; tooLarge?: boolean };

function sourceFromHost(host: string | null): string | null {
  return host ? host.replace(/^www\./, '') : null;
}

/** A checked input → the Article record: main text, title, language, publication time, id, hash. */
export function normalizeArticle(input: CheckedInput, ctx: NormalizeContext): NormalizeResult {
  const fromHtml = input.text == null && input.html != null ? htmlToText(input.html) : null;
  const text = normalizeText(fromHtml ? fromHtml.text : (input.text ?? ''));
  const field = fromHtml ? 'html' : input.text != null ? 'text' : 'url';
  if (text.length === 0)
    return { ok: false, errors: [{ field, message: 'has no text after normalisation' }] };
  if (text.length > ctx.maxTextChars) {
    return {
      ok: false,
      tooLarge: true,
      errors: [
        {
          field,
          message: `text has ${text.length} characters after normalisation, more than the limit of ${ctx.maxTextChars} (MAX_ARTICLE_CHARS)`,
        },
      ],
    };
  }

  // Facts the feeder declared win over what the page says about itself; the page wins over guessing.
  const pageLanguage = fromHtml?.lang ? parseLanguageTag(fromHtml.lang) : null;
  const language =
    input.language != null
      ? input.declaredLanguage
      : pageLanguage?.ok && pageLanguage.language
        ? pageLanguage.language
        : detectLanguage(text);
  const pagePublished = fromHtml?.publishedTime
    ? parsePublishedAt(fromHtml.publishedTime, ctx.ingestedAt)
    : null;
  const publishedAt = input.publishedAtMs ?? (pagePublished?.ok ? pagePublished.ms : null);
  const title = normalizeText(input.title ?? fromHtml?.title ?? '') || null;

  return {
    ok: true,
    article: {
      id: articleId(input.canonicalUrl, text),
      url: input.url ?? null,
      canonicalUrl: input.canonicalUrl,
      source: input.source?.trim() || sourceFromHost(input.host),
      title,
      text,
      language,
      publishedAt,
      ingestedAt: ctx.ingestedAt,
      origin: ctx.origin,
      feedUrl: ctx.feedUrl ?? null,
      contentHash: sha256Hex(text),
      metadata: input.metadata ?? {},
    },
  };
}
