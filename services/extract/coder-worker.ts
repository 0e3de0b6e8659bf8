// A worker thread of the extract service (EXTRACT_WORKERS > 0): loads its own coder and
// gazetteer from the service's settings, then codes the articles the service sends it.
import type { ArticleInput } from './domain/index.ts';
import { findPlaceMentions } from '../geo/index.ts';
import { loadCoder, type LoadCoderOptions } from '../loaders/coder.ts';
import { loadGazetteer } from '../loaders/gazetteer.ts';
import { serveRequests } from '../platform/worker-pool.ts';
import { timedCoder, type TimedCoding } from './handlers/code-article.ts';

serveRequests<ArticleInput, TimedCoding>((data) => {
  const { coder } = loadCoder(data as LoadCoderOptions);
  const gazetteer = loadGazetteer();
  return timedCoder(coder, (text) => findPlaceMentions(text, { gazetteer }));
});
