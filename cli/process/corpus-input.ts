// Research corpora carry their own fields beside the article (ids, gold annotations, categories).
// `newsflow process` keeps what an article input of ingest knows, maps the usual aliases, and
// drops the rest instead of rejecting the line as ingest's strict schema would.
import { ArticleInputSchema } from '../../services/ingest/domain/article-input.ts';

const KNOWN = new Set(Object.keys(ArticleInputSchema.shape));
/** Common corpus names for ingest's fields. */
const ALIASES: Record<string, string> = { link: 'url', date: 'publishedAt', body: 'text', content: 'text' };

export interface CorpusInput {
  value: unknown;
  /** Fields left out, for the summary. */
  dropped: string[];
}

export function corpusInput(raw: unknown): CorpusInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { value: raw, dropped: [] };
  const out: Record<string, unknown> = {};
  const dropped: string[] = [];
  const metadata: Record<string, string> = {};
  for (const [key, v] of Object.entries(raw)) {
    const field = KNOWN.has(key) ? key : ALIASES[key];
    if (field && v !== null && v !== undefined) {
      if (!(field in out) || KNOWN.has(key)) out[field] = v;
    } else if (key === 'id' && (typeof v === 'string' || typeof v === 'number')) metadata.id = String(v);
    else if (!field) dropped.push(key);
  }
  if (Object.keys(metadata).length > 0) {
    const given = out.metadata;
    out.metadata = typeof given === 'object' && given !== null ? { ...metadata, ...given } : metadata;
  }
  return { value: out, dropped };
}
