// `newsflow bench coder --corpus FILE.jsonl [--field text] [--json] [--kb DIR] [--rounds N]`
// Throughput of the coder alone on one core (this process, one thread): sentences/s and
// events/s, beside wink-nlp tagging alone over the same texts, the ceiling the coder is built on.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CommandIo } from '../../../cli/main.ts';
import { loadKnowledgeBase } from '../../kb/load.ts';
import { codeArticleWith, createCoder, readDictionarySources } from '../domain/index.ts';
import { tagOnly } from '../domain/nlp.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string' },
      field: { type: 'string', default: 'text' },
      json: { type: 'boolean', default: false },
      kb: { type: 'string' },
      rounds: { type: 'string', default: '3' },
    },
  });
  if (!values.corpus) {
    io.stderr.write('usage: newsflow bench coder --corpus FILE.jsonl [--field text] [--json] [--kb DIR] [--rounds N]\n');
    return 2;
  }
  const field = values.field ?? 'text';
  const texts = readFileSync(values.corpus, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as Record<string, unknown>)[field])
    .filter((t): t is string => typeof t === 'string' && t.length > 0);
  const setupStart = performance.now();
  const coder = createCoder(loadKnowledgeBase(values.kb ?? io.env.NEWSFLOW_KB_DIR ?? undefined), readDictionarySources());
  const setupMs = performance.now() - setupStart;
  const rounds = Math.max(1, Number(values.rounds) || 3);
  const chars = texts.reduce((n, t) => n + t.length, 0);

  // Warm-up so that both measurements run JIT-compiled code.
  for (const t of texts.slice(0, 20)) {
    tagOnly(t);
    codeArticleWith(coder, { id: 'w', text: t, date: '2020-01-01' });
  }
  let best = { tagMs: Infinity, codeMs: Infinity };
  let sentences = 0;
  let events = 0;
  let tokens = 0;
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    tokens = 0;
    for (const t of texts) tokens += tagOnly(t);
    const tagMs = performance.now() - t0;
    t0 = performance.now();
    sentences = 0;
    events = 0;
    for (const [i, t] of texts.entries()) {
      const out = codeArticleWith(coder, { id: String(i), text: t, date: '2020-01-01' });
      sentences += out.sentences;
      events += out.events.length;
    }
    const codeMs = performance.now() - t0;
    best = { tagMs: Math.min(best.tagMs, tagMs), codeMs: Math.min(best.codeMs, codeMs) };
  }
  const result = {
    corpus: values.corpus,
    articles: texts.length,
    characters: chars,
    tokens,
    sentences,
    events,
    rounds,
    setupMs: Math.round(setupMs),
    coder: { ms: Math.round(best.codeMs), sentencesPerSec: Math.round(sentences / (best.codeMs / 1000)), eventsPerSec: Math.round(events / (best.codeMs / 1000)), articlesPerSec: Math.round(texts.length / (best.codeMs / 1000)) },
    winkTagging: { ms: Math.round(best.tagMs), sentencesPerSec: Math.round(sentences / (best.tagMs / 1000)), tokensPerSec: Math.round(tokens / (best.tagMs / 1000)) },
    coderShareOfCeiling: Number((best.tagMs / best.codeMs).toFixed(3)),
  };
  if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    io.stdout.write(`corpus ${result.corpus}: ${result.articles} articles, ${sentences} sentences, ${tokens} tokens (best of ${rounds} rounds, one core)\n`);
    io.stdout.write(`coder          ${result.coder.sentencesPerSec} sentences/s  ${result.coder.eventsPerSec} events/s  ${result.coder.articlesPerSec} articles/s  (${events} events)\n`);
    io.stdout.write(`wink tagging   ${result.winkTagging.sentencesPerSec} sentences/s  ${result.winkTagging.tokensPerSec} tokens/s  (ceiling)\n`);
    io.stdout.write(`coder / ceiling ${result.coderShareOfCeiling}   dictionary compile ${result.setupMs} ms\n`);
  }
  return 0;
}
