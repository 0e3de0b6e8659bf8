import type { ArticleRecord } from '../contracts/records.ts';
import { counter, histogram } from '../platform/metrics.ts';
import { createStageService, type StageService } from '../platform/stage-service.ts';
import type { ExtractConfig } from './config.ts';
import { findPlaceMentions } from '../geo/index.ts';
import { loadCoder, type LoadCoderOptions } from '../loaders/coder.ts';
import { loadGazetteer } from '../loaders/gazetteer.ts';
import type { ArticleInput } from './domain/index.ts';
import {
  createCodeArticleHandler,
  timedCoder,
  type CodeFn,
  type TimedCoding,
} from './handlers/code-article.ts';
import type { Logger } from '../platform/logger.ts';
import { createWorkerPool, type WorkerPool } from '../platform/worker-pool.ts';

/**
 * The coder in the service's own thread (workers = 0), or in `workers` worker threads that each
 * load their own (a second core for the coder, at the cost of one coder's memory per worker).
 */
async function startCoding(
  options: LoadCoderOptions,
  workers: number,
  logger: Logger,
): Promise<{ code: CodeFn; pool?: WorkerPool<ArticleInput, TimedCoding> }> {
  if (workers > 0) {
    const started = performance.now();
    const pool = createWorkerPool<ArticleInput, TimedCoding>(
      new URL('./coder-worker.ts', import.meta.url),
      workers,
      options,
    );
    try {
      await pool.ready;
    } catch (err) {
      await pool.close();
      throw err;
    }
    logger.info(
      { workers, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) },
      'coder workers loaded',
    );
    return { code: (input) => pool.run(input), pool };
  }
  const loaded = loadCoder(options);
  logger.info(
    {
      dictionaries: loaded.dictionariesDir,
      seconds: Number(loaded.seconds.toFixed(2)),
      verbPatterns: loaded.coder.verbs.size,
      actorPhrases: loaded.coder.actors.size,
      unread: loaded.diagnostics.filter((d) => d.severity === 'error').length,
    },
    'coder loaded',
  );
  const gazetteer = loadGazetteer();
  return { code: timedCoder(loaded.coder, (text) => findPlaceMentions(text, { gazetteer })) };
}

/** extract: news.article.raw.v1 → the coder → news.event.coded.v1. */
export function createExtractService(config: ExtractConfig, onFatal?: (err: unknown) => void): StageService {
  return createStageService<ArticleRecord>(
    config,
    {
      service: 'extract',
      input: (t) => t.articleRaw,
      reader: 'article',
      build: async ({ metrics, topics, logger }) => {
        const articles = counter(metrics.registry, 'newsflow_extract_articles_total', 'Articles coded');
        const eventless = counter(
          metrics.registry,
          'newsflow_extract_articles_without_events_total',
          'Articles that yielded no event',
        );
        const events = counter(metrics.registry, 'newsflow_extract_events_total', 'Events coded');
        const sentences = counter(metrics.registry, 'newsflow_extract_sentences_total', 'Sentences coded');
        const perArticle = histogram(
          metrics.registry,
          'newsflow_extract_events_per_article',
          'Events per article',
          [0, 1, 2, 5, 10, 20, 50],
        );
        const seconds = histogram(
          metrics.registry,
          'newsflow_extract_coding_seconds',
          'Coder time per article',
          [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5],
        );
        const coderOptions: LoadCoderOptions = {
          kbDir: config.NEWSFLOW_KB_DIR,
          dictionariesDir: config.EXTRACT_DICTIONARIES_DIR,
        };
        const coding = await startCoding(coderOptions, config.EXTRACT_WORKERS, logger);
        const handler = createCodeArticleHandler({
          code: coding.code,
          outputTopic: topics.eventCoded,
          maxChars: config.MAX_ARTICLE_CHARS,
          observe: (s) => {
            articles.inc();
            if (s.events === 0) eventless.inc();
            events.inc(s.events);
            sentences.inc(s.sentences);
            perArticle.observe(s.events);
            seconds.observe(s.seconds);
          },
        });
        const cleanup = coding.pool ? [{ name: 'coder workers', run: () => coding.pool!.close() }] : [];
        // Enough articles in flight to keep every worker busy while others travel.
        const handlerConcurrency = coding.pool ? 2 * coding.pool.size : 1;
        return { handler, handlerConcurrency, cleanup };
      },
    },
    onFatal,
  );
}
