import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const USAGE = `usage: newsflow bench [stack] [options]
  --corpus FILE.jsonl   articles to cycle through: {text, title?, url?|link?, source?, publishedAt?|date?}
                        (default data/samples/demo-articles.jsonl)
  --seconds 60          how long to send
  --rate N              send N articles/s (fixed rate); default: as fast as ingest accepts
  --batch 100           articles per POST /v1/articles/batch (max-rate mode)
  --concurrency 4       batches in flight (max-rate mode)
  --max-backlog 2000    max-rate mode holds off while more than this many accepted articles wait
                        for extract (0: never), so that the run measures a sustained rate
  --warmup 20           articles sent and drained before measuring (JIT, caches, schema lookups);
                        they count in the accounting, not in the rates or latencies
  --drain-seconds 120   how long to wait, after sending, for the pipeline to drain
  --extract 1           extract processes in the consumer group (more use more cores)
  --keep-topics         leave the run's topics and consumer groups in Kafka
  --keep-servers        leave servers the benchmark started running
  --cpu-prof DIR        write V8 CPU profiles of each service to DIR/<service>/ (one file per
                        thread; the largest is the service's; open in Chrome DevTools)
  --json                print one JSON object instead of the tables
`;

export interface BenchOptions {
  corpus: string;
  seconds: number;
  /** Articles per second; undefined = max-rate mode. */
  rate: number | undefined;
  batch: number;
  concurrency: number;
  maxBacklog: number;
  drainSeconds: number;
  warmup: number;
  keepTopics: boolean;
  keepServers: boolean;
  /** Extract processes in the group. */
  extractInstances: number;
  /** Folder for the services' CPU profiles; undefined = no profiling. */
  cpuProfDir: string | undefined;
  json: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--name`'s number, `fallback` when absent; UsageError when it is not a (non-negative) number. */
export function positive(
  name: string,
  text: string | undefined,
  fallback: number,
  allowZero = false,
): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0))
    throw new UsageError(
      `--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, not '${text}'`,
    );
  return n;
}

/** Parses the command line; throws UsageError with a message for a person. */
export function parseBenchOptions(argv: string[]): BenchOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        corpus: { type: 'string' },
        seconds: { type: 'string' },
        rate: { type: 'string' },
        batch: { type: 'string' },
        concurrency: { type: 'string' },
        'max-backlog': { type: 'string' },
        'drain-seconds': { type: 'string' },
        warmup: { type: 'string' },
        'keep-topics': { type: 'boolean' },
        'keep-servers': { type: 'boolean' },
        'cpu-prof': { type: 'string' },
        extract: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  return {
    corpus: str('corpus') ?? 'data/samples/demo-articles.jsonl',
    seconds: positive('seconds', str('seconds'), 60),
    rate: str('rate') === undefined ? undefined : positive('rate', str('rate'), 0),
    batch: Math.floor(positive('batch', str('batch'), 100)),
    concurrency: Math.floor(positive('concurrency', str('concurrency'), 4)),
    maxBacklog: Math.floor(positive('max-backlog', str('max-backlog'), 2000, true)),
    drainSeconds: positive('drain-seconds', str('drain-seconds'), 120),
    warmup: Math.floor(positive('warmup', str('warmup'), 20, true)),
    keepTopics: values['keep-topics'] === true,
    keepServers: values['keep-servers'] === true,
    extractInstances: Math.floor(positive('extract', str('extract'), 1)),
    cpuProfDir: str('cpu-prof') === undefined ? undefined : resolve(str('cpu-prof')!),
    json: values.json === true,
  };
}
