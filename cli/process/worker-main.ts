// A worker thread of `newsflow process`: loads the knowledge base, gazetteer and coder once,
// then turns batches of article inputs into enriched-event drafts.
import { parentPort, workerData } from 'node:worker_threads';
import { loadGazetteer } from '../../services/loaders/gazetteer.ts';
import { loadKnowledgeBase } from '../../services/loaders/kb.ts';
import { buildProcessCoder, type ProcessCoderOptions } from './coder-config.ts';
import { createArticleProcessor } from './process-article.ts';
import type { WorkerReply, WorkerRequest } from './pool.ts';

const port = parentPort;
if (!port) throw new Error('worker-main.ts runs as a worker thread');
const coder = buildProcessCoder((workerData as { coder: ProcessCoderOptions }).coder);
const kb = loadKnowledgeBase();
const gazetteer = loadGazetteer({ kb });
const processArticle = createArticleProcessor({ kb, gazetteer, kbVersion: kb.version, coder });
port.postMessage({ ready: true });

port.on('message', (req: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: req.id, results: req.items.map((i) => processArticle(i.raw, i.origin, i.ingestedAt)) };
  } catch (err) {
    // A programmer error: the run stops with it rather than skipping the batch silently.
    reply = { id: req.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  port.postMessage(reply);
});
