import type { CommandIo } from '../io.ts';

const targets: Record<string, () => Promise<{ run: (argv: string[], io: CommandIo) => Promise<number> }>> = {
  events: () => import('./eval-events.ts'),
  places: () => import('./eval-places.ts'),
  petrarch: () => import('./eval-petrarch.ts'),
};

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [what, ...rest] = argv;
  const load = what ? targets[what] : undefined;
  if (!load) {
    io.stderr.write(
      'usage: newsflow eval events --gold FILE --mapping CAMEO2PLOVER-FILE\n       newsflow eval places --gold FILE\n       newsflow eval petrarch --suite FILE --dictionaries DIR\n',
    );
    return 2;
  }
  return (await load()).run(rest, io);
}
