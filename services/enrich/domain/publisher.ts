import type { CodedEventRecord } from '../../contracts/records.ts';

/** Who published the event's article (counts NumSources): the article's source, else its URL host. */
export function publisherOf(event: Pick<CodedEventRecord, 'articleSource' | 'sourceUrl'>): string {
  if (event.articleSource) return event.articleSource;
  if (event.sourceUrl) {
    try {
      return new URL(event.sourceUrl).hostname;
    } catch {
      // fall through
    }
  }
  return 'unknown';
}
