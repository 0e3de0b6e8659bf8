// `newsflow bench coder --corpus FILE.jsonl [--field text] [--json] [--kb DIR] [--dictionaries DIR] [--rounds N]`
// Throughput of the coder alone on one core (this process, one thread): sentences/s and
// events/s, beside wink-nlp tagging alone over the same texts, the ceiling the coder is built on.
// Each rate is given per wall-clock second and per CPU second of this process: on a shared,
// loaded machine the wall clock counts time spent waiting for a core, the CPU clock does not.
import { codeArticleWith, type Coder } from '../services/extract/domain/index.ts';
import { loadCoder } from '../services/loaders/coder.ts';
import { tagOnly } from '../services/extract/domain/nlp.ts';
import { CODER_DATA_OPTIONS, commandUsage, parseCommandArgs } from '../cli/command-args.ts';
import type { CommandIo } from '../cli/io.ts';
import { readJsonLinesFile } from '../cli/jsonl.ts';

const USAGE =
  'usage: newsflow bench coder --corpus FILE.jsonl [--field text] [--json] [--kb DIR] [--dictionaries DIR] [--rounds N]\n';

interface Best {
  tagMs: number;
  codeMs: number;
  tagCpuMs: number;
  codeCpuMs: number;
}

interface Counted {
  sentences: number;
  events: number;
  tokens: number;
}

const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;

/** Times `f` on the wall clock and on this process's CPU clock. */
function timed<T>(f: () => T): { value: T; ms: number; cpuMs: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = f();
  return { value, ms: performance.now() - t0, cpuMs: cpuMs(process.cpuUsage(c0)) };
}

/** Tagging alone, then the coder, over every text, `rounds` times: the best time of each. */
function measure(coder: Coder, texts: string[], rounds: number): { best: Best; counted: Counted } {
  // Warm-up so that both measurements run JIT-compiled code.
  for (const t of texts.slice(0, 20)) {
    tagOnly(t);
    codeArticleWith(coder, { id: 'w', text: t, date: '2020-01-01' });
  }
  const best: Best = { tagMs: Infinity, codeMs: Infinity, tagCpuMs: Infinity, codeCpuMs: Infinity };
  const counted: Counted = { sentences: 0, events: 0, tokens: 0 };
  for (let r = 0; r < rounds; r++) {
    const tag = timed(() => texts.reduce((n, t) => n + tagOnly(t), 0));
    const code = timed(() => {
      let sentences = 0;
      let events = 0;
      for (const [i, t] of texts.entries()) {
        const out = codeArticleWith(coder, { id: String(i), text: t, date: '2020-01-01' });
        sentences += out.sentences;
        events += out.events.length;
      }
      return { sentences, events };
    });
    Object.assign(counted, { tokens: tag.value, ...code.value });
    best.tagMs = Math.min(best.tagMs, tag.ms);
    best.codeMs = Math.min(best.codeMs, code.ms);
    best.tagCpuMs = Math.min(best.tagCpuMs, tag.cpuMs);
    best.codeCpuMs = Math.min(best.codeCpuMs, code.cpuMs);
  }
  return { best, counted };
}

type CoderBenchResult = ReturnType<typeof benchResult>;

function benchResult(
  run: { corpus: string; articles: number; characters: number; rounds: number; setupMs: number },
  { best, counted: { sentences, events, tokens } }: { best: Best; counted: Counted },
) {
  const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000));
  return {
    corpus: run.corpus,
    articles: run.articles,
    characters: run.characters,
    tokens,
    sentences,
    events,
    rounds: run.rounds,
    setupMs: Math.round(run.setupMs),
    coder: {
      ms: Math.round(best.codeMs),
      cpuMs: Math.round(best.codeCpuMs),
      sentencesPerSec: perSecond(sentences, best.codeMs),
      eventsPerSec: perSecond(events, best.codeMs),
      articlesPerSec: perSecond(run.articles, best.codeMs),
      sentencesPerCpuSec: perSecond(sentences, best.codeCpuMs),
      eventsPerCpuSec: perSecond(events, best.codeCpuMs),
    },
    winkTagging: {
      ms: Math.round(best.tagMs),
      cpuMs: Math.round(best.tagCpuMs),
      sentencesPerSec: perSecond(sentences, best.tagMs),
      tokensPerSec: perSecond(tokens, best.tagMs),
      sentencesPerCpuSec: perSecond(sentences, best.tagCpuMs),
    },
    coderShareOfCeiling: Number((best.tagCpuMs / best.codeCpuMs).toFixed(3)),
  };
}

function writeTable(io: CommandIo, result: CoderBenchResult): void {
  const { coder, winkTagging: wink } = result;
  const n = (x: number, width: number) => String(x).padStart(width);
  io.stdout.write(
    `corpus ${result.corpus}: ${result.articles} articles, ${result.sentences} sentences, ${result.tokens} tokens (best of ${result.rounds} rounds, one core)\n`,
  );
  io.stdout.write(`                 wall clock                         CPU time\n`);
  io.stdout.write(
    `coder          ${n(coder.sentencesPerSec, 6)} sentences/s ${n(coder.eventsPerSec, 5)} events/s   ${n(coder.sentencesPerCpuSec, 6)} sentences/s ${n(coder.eventsPerCpuSec, 5)} events/s  (${result.events} events)\n`,
  );
  io.stdout.write(
    `wink tagging   ${n(wink.sentencesPerSec, 6)} sentences/s                  ${n(wink.sentencesPerCpuSec, 6)} sentences/s  (ceiling)\n`,
  );
  io.stdout.write(
    `coder / ceiling (CPU) ${result.coderShareOfCeiling}   dictionary compile ${result.setupMs} ms\n`,
  );
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(io, 'bench coder', USAGE, argv, {
    corpus: { type: 'string' },
    field: { type: 'string', default: 'text' },
    json: { type: 'boolean', default: false },
    ...CODER_DATA_OPTIONS,
    rounds: { type: 'string', default: '5' },
  });
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  if (!values.corpus) return commandUsage(io, 'bench coder', USAGE)('--corpus FILE.jsonl is required');
  const field = values.field ?? 'text';
  const texts = readJsonLinesFile<Record<string, unknown>>(values.corpus)
    .map((row) => row[field])
    .filter((t): t is string => typeof t === 'string' && t.length > 0);
  const setupStart = performance.now();
  const { coder } = loadCoder({
    kbDir: values.kb ?? io.env.NEWSFLOW_KB_DIR ?? undefined,
    dictionariesDir: values.dictionaries,
  });
  const setupMs = performance.now() - setupStart;
  const rounds = Math.max(1, Number(values.rounds) || 5);
  const characters = texts.reduce((n, t) => n + t.length, 0);
  const result = benchResult(
    { corpus: values.corpus, articles: texts.length, characters, rounds, setupMs },
    measure(coder, texts, rounds),
  );
  if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else writeTable(io, result);
  return 0;
}
