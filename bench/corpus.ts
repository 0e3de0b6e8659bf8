import { readFileSync } from 'node:fs';

/** One corpus article, whichever of the accepted layouts it came in. */
interface CorpusArticle {
  text: string;
  title: string | null;
  url: string | null;
  source: string | null;
  publishedAt: string | number | null;
}

export interface Corpus {
  path: string;
  articles: CorpusArticle[];
  /** Mean text length in characters. */
  meanChars: number;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/**
 * Reads JSON Lines with `text` and optional `title`, `url`, `source`, `publishedAt`; the
 * GeoWebNews layout (`link` for the address, `date`) is read too. Lines without text are skipped.
 */
export function loadCorpus(path: string): Corpus {
  const articles: CorpusArticle[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line) as Record<string, unknown>;
      } catch (err) {
        throw new Error(`${path}:${i + 1}: not JSON: ${(err as Error).message}`);
      }
      const text = str(row.text);
      if (!text) return;
      const published = row.publishedAt ?? row.date;
      articles.push({
        text,
        title: str(row.title),
        url: str(row.url) ?? str(row.link),
        source: str(row.source),
        publishedAt: typeof published === 'string' || typeof published === 'number' ? published : null,
      });
    });
  if (articles.length === 0) throw new Error(`${path}: no article with a text`);
  const meanChars = articles.reduce((n, a) => n + a.text.length, 0) / articles.length;
  return { path, articles, meanChars };
}

/**
 * The n-th article sent in a run: the corpus cycled, each copy under its own URL so that ingest's
 * dedup sees a new article, the text unchanged so that extract does the same work on every copy.
 */
export function benchArticle(corpus: Corpus, runId: string, n: number, tag = ''): Record<string, unknown> {
  const a = corpus.articles[n % corpus.articles.length]!;
  let host = 'bench.newsflow.example';
  if (a.url) {
    try {
      host = new URL(a.url).host || host;
    } catch {
      // not a URL: keep the bench host
    }
  }
  const out: Record<string, unknown> = { url: `https://${host}/bench/${runId}/${tag}${n}`, text: a.text };
  if (a.title) out.title = a.title;
  if (a.source) out.source = a.source;
  if (a.publishedAt !== null) out.publishedAt = a.publishedAt;
  return out;
}
