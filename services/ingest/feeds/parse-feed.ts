import Parser from 'rss-parser';
import { htmlToText } from '../domain/html-to-text.ts';
import { normalizeText } from '../domain/normalize-text.ts';

/** One RSS/Atom item reduced to what ingest uses. */
export interface FeedItem {
  link: string | null;
  guid: string | null;
  title: string | null;
  /** isoDate when rss-parser could read the date, else the raw pubDate/updated. */
  publishedAt: string | null;
  /** The full article body (HTML) when the item carries one. */
  fullHtml: string | null;
  /** A teaser (HTML or text) when that is all the item has. */
  summary: string | null;
}

export interface ParsedFeed {
  title: string | null;
  language: string | null;
  items: FeedItem[];
}

type RawItem = Parser.Item & { 'content:encoded'?: string; summary?: string; id?: string };

const parser = new Parser<Record<string, unknown>, RawItem>({ timeout: 0 });

const textLength = (html: string) => normalizeText(htmlToText(html).text).length;

/**
 * Parses RSS 0.9x/1.0/2.0 and Atom. An item's `content:encoded` (RSS) or `<content>` given beside
 * a `<summary>` (Atom) is full text; a bare RSS `<description>` counts as full text only when it
 * is at least `summaryMaxChars` long, since most feeds put a teaser there.
 */
export async function parseFeed(xml: string, options: { summaryMaxChars: number }): Promise<ParsedFeed> {
  const feed = await parser.parseString(xml);
  const items = feed.items.map((item): FeedItem => {
    const encoded = item['content:encoded']?.trim() || null;
    const content = item.content?.trim() || null;
    const atomSummary = item.summary?.trim() || null;
    let fullHtml: string | null = encoded;
    if (!fullHtml && content && (atomSummary !== null || textLength(content) >= options.summaryMaxChars))
      fullHtml = content;
    return {
      link: item.link?.trim() || null,
      guid: item.guid?.trim() || item.id?.trim() || null,
      title: item.title?.trim() || null,
      publishedAt: item.isoDate ?? item.pubDate ?? null,
      fullHtml,
      summary: fullHtml ? null : (atomSummary ?? content ?? item.contentSnippet ?? null),
    };
  });
  const language = typeof feed.language === 'string' ? feed.language : null;
  return { title: feed.title?.trim() || null, language, items };
}
