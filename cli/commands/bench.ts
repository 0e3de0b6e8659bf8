import { dispatch } from '../command-args.ts';
import type { CommandIo } from '../io.ts';

const USAGE = 'usage: newsflow bench [stack|coder|enrich|enrich-service|ingest] [options]\n';

const targets = {
  coder: () => import('../../bench/coder.ts'),
  enrich: () => import('../../bench/enrich.ts'),
  'enrich-service': () => import('../../bench/enrich-service.ts'),
  ingest: () => import('../../bench/ingest.ts'),
  stack: () => import('../../bench/stack.ts'),
};

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [first, ...rest] = argv;
  // `newsflow bench` with no target (or only options, --help among them) benchmarks the whole stack.
  if (!first || first.startsWith('-')) return dispatch(io, 'bench', USAGE, targets, 'stack', argv);
  return dispatch(io, 'bench', USAGE, targets, first, rest);
}
