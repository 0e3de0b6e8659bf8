import { parseLanguageTag } from '../domain/language.ts';
import { parsePublishedAt } from '../domain/published-at.ts';
import type { Feed } from './feed-spec.ts';
import type { FeedItem } from './parse-feed.ts';

/** The article input a feed item becomes, in the shape POST /v1/articles accepts. */
export interface FeedArticleInput {
  url?: string;
  html?: string;
  title?: string;
  publishedAt?: string;
  language?: string;
  source?: string;
  metadata: Record<string, string>;
}

export type ItemPlan =
  | { kind: 'accept'; input: FeedArticleInput }
  | { kind: 'fetch'; url: string; input: FeedArticleInput; summary: string | null }
  | { kind: 'skip'; reason: string };

/**
 * Decides what to do with one item: accept its own content, fetch its page (only a summary, and
 * the feed asks for full text), or skip it. A malformed date or language is dropped rather than
 * rejecting the whole item: publishers get dates wrong more often than text.
 */
export function planItem(
  item: FeedItem,
  feed: Pick<Feed, 'id' | 'fetchFullText' | 'source'>,
  feedLanguage: string | null,
  now: number,
): ItemPlan {
  const metadata: Record<string, string> = { feedId: feed.id };
  if (item.guid) metadata.guid = item.guid.slice(0, 1024);
  const input: FeedArticleInput = { metadata };
  if (item.link) input.url = item.link;
  if (item.title) input.title = item.title;
  if (item.publishedAt && parsePublishedAt(item.publishedAt, now).ok) input.publishedAt = item.publishedAt;
  if (feedLanguage && parseLanguageTag(feedLanguage).ok) input.language = feedLanguage;
  if (feed.source) input.source = feed.source;

  if (item.fullHtml) return { kind: 'accept', input: { ...input, html: item.fullHtml } };
  if (item.link && feed.fetchFullText) return { kind: 'fetch', url: item.link, input, summary: item.summary };
  if (item.summary) return { kind: 'accept', input: { ...input, html: item.summary } };
  return {
    kind: 'skip',
    reason: item.link ? 'no content and full-text fetching is off' : 'no link and no content',
  };
}
