// A worker thread of `newsflow process`: loads the knowledge base, gazetteer and coder once,
// then turns batches of article inputs into enriched-event drafts.
import { loadGazetteer } from '../../services/loaders/gazetteer.ts';
import { loadKnowledgeBase } from '../../services/loaders/kb.ts';
import { serveRequests } from '../../services/platform/worker-pool.ts';
import { buildProcessCoder, type ProcessCoderOptions } from './coder-config.ts';
import { createArticleProcessor, type ProcessedArticle } from './process-article.ts';
import type { WorkerItems } from './pool.ts';

serveRequests<WorkerItems, ProcessedArticle[]>((data) => {
  const coder = buildProcessCoder((data as { coder: ProcessCoderOptions }).coder);
  const kb = loadKnowledgeBase();
  const gazetteer = loadGazetteer({ kb });
  const processArticle = createArticleProcessor({ kb, gazetteer, kbVersion: kb.version, coder });
  return (items) => items.map((i) => processArticle(i.raw, i.origin, i.ingestedAt));
});
