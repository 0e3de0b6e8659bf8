import { z } from 'zod';
import { canonicalizeUrl } from '../domain/canonical-url.ts';
import type { FieldError } from '../domain/field-error.ts';
import { sha256Hex } from '../domain/article-id.ts';

export const FeedSpecSchema = z
  .object({
    url: z.string().max(8192).describe('RSS or Atom feed address (http or https).'),
    intervalSeconds: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Polling interval; defaults to INGEST_FEED_INTERVAL_SECONDS.'),
    fetchFullText: z
      .boolean()
      .optional()
      .describe('Fetch the article page when an item carries only a summary.'),
    source: z.string().max(500).optional().describe("Publisher name given to the feed's articles."),
  })
  .strict();

export type FeedSpec = z.infer<typeof FeedSpecSchema>;

export interface Feed {
  /** First 16 hex of SHA-256 of the canonical feed URL: adding the same feed twice updates it. */
  id: string;
  url: string;
  intervalSeconds: number;
  fetchFullText: boolean;
  source: string | null;
  /** 'config' feeds come from the YAML file and are re-applied at every start. */
  origin: 'api' | 'config';
  createdAt: number;
}

export interface FeedDefaults {
  intervalSeconds: number;
  minIntervalSeconds: number;
  fetchFullText: boolean;
}

function feedIdOf(canonicalUrl: string): string {
  return sha256Hex(canonicalUrl).slice(0, 16);
}

export type FeedCheck =
  { ok: true; feed: Omit<Feed, 'origin' | 'createdAt'> } | { ok: false; errors: FieldError[] };

/** Validates a feed spec (every offending field named) and fills in the defaults. */
export function checkFeedSpec(raw: unknown, defaults: FeedDefaults): FeedCheck {
  const parsed = FeedSpecSchema.safeParse(raw);
  const errors: FieldError[] = parsed.success
    ? []
    : parsed.error.issues.flatMap((i) =>
        i.code === 'unrecognized_keys'
          ? i.keys.map((k) => ({ field: k, message: 'is not a known field' }))
          : [
              {
                field: i.path.map(String).join('.') || 'body',
                message: i.input === undefined && i.code === 'invalid_type' ? 'is required' : i.message,
              },
            ],
      );
  const fields = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const canonical = typeof fields.url === 'string' ? canonicalizeUrl(fields.url) : null;
  if (canonical && !canonical.ok) errors.push({ field: 'url', message: canonical.error });
  if (typeof fields.intervalSeconds === 'number' && fields.intervalSeconds < defaults.minIntervalSeconds) {
    errors.push({ field: 'intervalSeconds', message: `must be at least ${defaults.minIntervalSeconds}` });
  }
  if (!parsed.success || errors.length > 0 || !canonical?.ok) return { ok: false, errors };
  const spec = parsed.data;
  return {
    ok: true,
    feed: {
      id: feedIdOf(canonical.url),
      url: canonical.url,
      intervalSeconds: spec.intervalSeconds ?? defaults.intervalSeconds,
      fetchFullText: spec.fetchFullText ?? defaults.fetchFullText,
      source: spec.source?.trim() || null,
    },
  };
}
