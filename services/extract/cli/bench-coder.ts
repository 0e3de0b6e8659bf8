// `newsflow bench coder --corpus FILE.jsonl [--field text] [--json] [--kb DIR] [--dictionaries DIR] [--rounds N]`
// Throughput of the coder alone on one core (this process, one thread): sentences/s and
// events/s, beside wink-nlp tagging alone over the same texts, the ceiling the coder is built on.
// Each rate is given per wall-clock second and per CPU second of this process: on a shared,
// loaded machine the wall clock counts time spent waiting for a core, the CPU clock does not.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CommandIo } from '../../../cli/main.ts';
import { codeArticleWith } from '../domain/index.ts';
import { loadCoder } from '../../loaders/coder.ts';
import { tagOnly } from '../domain/nlp.ts';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string' },
      field: { type: 'string', default: 'text' },
      json: { type: 'boolean', default: false },
      kb: { type: 'string' },
      dictionaries: { type: 'string' },
      rounds: { type: 'string', default: '5' },
    },
  });
  if (!values.corpus) {
    io.stderr.write(
      'usage: newsflow bench coder --corpus FILE.jsonl [--field text] [--json] [--kb DIR] [--dictionaries DIR] [--rounds N]\n',
    );
    return 2;
  }
  const field = values.field ?? 'text';
  const texts = readFileSync(values.corpus, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as Record<string, unknown>)[field])
    .filter((t): t is string => typeof t === 'string' && t.length > 0);
  const setupStart = performance.now();
  const { coder } = loadCoder({
    kbDir: values.kb ?? io.env.NEWSFLOW_KB_DIR ?? undefined,
    dictionariesDir: values.dictionaries,
  });
  const setupMs = performance.now() - setupStart;
  const rounds = Math.max(1, Number(values.rounds) || 5);
  const chars = texts.reduce((n, t) => n + t.length, 0);

  // Warm-up so that both measurements run JIT-compiled code.
  for (const t of texts.slice(0, 20)) {
    tagOnly(t);
    codeArticleWith(coder, { id: 'w', text: t, date: '2020-01-01' });
  }
  let best = { tagMs: Infinity, codeMs: Infinity, tagCpuMs: Infinity, codeCpuMs: Infinity };
  const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;
  let sentences = 0;
  let events = 0;
  let tokens = 0;
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    let c0 = process.cpuUsage();
    tokens = 0;
    for (const t of texts) tokens += tagOnly(t);
    const tagMs = performance.now() - t0;
    const tagCpuMs = cpuMs(process.cpuUsage(c0));
    t0 = performance.now();
    c0 = process.cpuUsage();
    sentences = 0;
    events = 0;
    for (const [i, t] of texts.entries()) {
      const out = codeArticleWith(coder, { id: String(i), text: t, date: '2020-01-01' });
      sentences += out.sentences;
      events += out.events.length;
    }
    const codeMs = performance.now() - t0;
    const codeCpuMs = cpuMs(process.cpuUsage(c0));
    best = {
      tagMs: Math.min(best.tagMs, tagMs),
      codeMs: Math.min(best.codeMs, codeMs),
      tagCpuMs: Math.min(best.tagCpuMs, tagCpuMs),
      codeCpuMs: Math.min(best.codeCpuMs, codeCpuMs),
    };
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
    coder: {
      ms: Math.round(best.codeMs),
      cpuMs: Math.round(best.codeCpuMs),
      sentencesPerSec: Math.round(sentences / (best.codeMs / 1000)),
      eventsPerSec: Math.round(events / (best.codeMs / 1000)),
      articlesPerSec: Math.round(texts.length / (best.codeMs / 1000)),
      sentencesPerCpuSec: Math.round(sentences / (best.codeCpuMs / 1000)),
      eventsPerCpuSec: Math.round(events / (best.codeCpuMs / 1000)),
    },
    winkTagging: {
      ms: Math.round(best.tagMs),
      cpuMs: Math.round(best.tagCpuMs),
      sentencesPerSec: Math.round(sentences / (best.tagMs / 1000)),
      tokensPerSec: Math.round(tokens / (best.tagMs / 1000)),
      sentencesPerCpuSec: Math.round(sentences / (best.tagCpuMs / 1000)),
    },
    coderShareOfCeiling: Number((best.tagCpuMs / best.codeCpuMs).toFixed(3)),
  };
  if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    io.stdout.write(
      `corpus ${result.corpus}: ${result.articles} articles, ${sentences} sentences, ${tokens} tokens (best of ${rounds} rounds, one core)\n`,
    );
    io.stdout.write(`                 wall clock                         CPU time\n`);
    io.stdout.write(
      `coder          ${String(result.coder.sentencesPerSec).padStart(6)} sentences/s ${String(result.coder.eventsPerSec).padStart(5)} events/s   ${String(result.coder.sentencesPerCpuSec).padStart(6)} sentences/s ${String(result.coder.eventsPerCpuSec).padStart(5)} events/s  (${events} events)\n`,
    );
    io.stdout.write(
      `wink tagging   ${String(result.winkTagging.sentencesPerSec).padStart(6)} sentences/s                  ${String(result.winkTagging.sentencesPerCpuSec).padStart(6)} sentences/s  (ceiling)\n`,
    );
    io.stdout.write(
      `coder / ceiling (CPU) ${result.coderShareOfCeiling}   dictionary compile ${result.setupMs} ms\n`,
    );
  }
  return 0;
}
