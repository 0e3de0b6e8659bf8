import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/**
 * Reads the YAML list of feeds polled from the start:
 *
 *   feeds:
 *     - url: https://example.org/rss.xml
 *       intervalSeconds: 600      # optional
 *       fetchFullText: true       # optional
 *       source: Example Times     # optional
 *
 * Entries are returned as written; the registry validates each like a POST /v1/feeds body.
 */
export async function loadFeedsFile(path: string): Promise<unknown[]> {
  const doc: unknown = parse(await readFile(path, 'utf8'));
  if (doc == null) return [];
  const feeds = (doc as { feeds?: unknown }).feeds;
  if (!Array.isArray(feeds)) throw new Error(`${path}: expected a top-level 'feeds:' list`);
  return feeds;
}
