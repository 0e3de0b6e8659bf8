import type { CommandIo } from '../io.ts';

const targets: Record<string, () => Promise<{ run: (argv: string[], io: CommandIo) => Promise<number> }>> = {
  coder: () => import('../../bench/coder.ts'),
  enrich: () => import('../../bench/enrich.ts'),
  'enrich-service': () => import('../../bench/enrich-service.ts'),
  ingest: () => import('../../bench/ingest.ts'),
  stack: () => import('../../bench/stack.ts'),
};

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [first, ...rest] = argv;
  // `newsflow bench` with no target (or only options) benchmarks the whole stack.
  const target = first && !first.startsWith('-') ? first : 'stack';
  const load = targets[target];
  if (!load) {
    io.stderr.write(`usage: newsflow bench [stack|coder|enrich|enrich-service|ingest] [options]\n`);
    return 2;
  }
  return (await load()).run(first === target ? rest : argv, io);
}
