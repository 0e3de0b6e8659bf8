import type { ArticleRecord } from '../contracts/records.ts';
import { counter, histogram } from '../platform/metrics.ts';
import { createStageService, type StageService } from '../platform/stage-service.ts';
import type { ExtractConfig } from './config.ts';
import { findPlaceMentions } from '../geo/index.ts';
import { loadCoder } from '../loaders/coder.ts';
import { loadGazetteer } from '../loaders/gazetteer.ts';
import { createCodeArticleHandler } from './handlers/code-article.ts';

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
        const loaded = loadCoder({
          kbDir: config.NEWSFLOW_KB_DIR,
          dictionariesDir: config.EXTRACT_DICTIONARIES_DIR,
        });
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
        const handler = createCodeArticleHandler({
          coder: loaded.coder,
          findPlaces: (text) => findPlaceMentions(text, { gazetteer }),
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
        return { handler };
      },
    },
    onFatal,
  );
}
