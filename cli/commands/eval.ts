import { dispatch } from '../command-args.ts';
import type { CommandIo } from '../io.ts';

const USAGE =
  'usage: newsflow eval events --gold FILE --mapping CAMEO2PLOVER-FILE\n       newsflow eval places --gold FILE\n       newsflow eval petrarch --suite FILE --dictionaries DIR\n';

const targets = {
  events: () => import('./eval-events.ts'),
  places: () => import('./eval-places.ts'),
  petrarch: () => import('./eval-petrarch.ts'),
};

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [what, ...rest] = argv;
  return dispatch(io, 'eval', USAGE, targets, what, rest);
}
