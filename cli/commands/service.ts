import { commandUsage, parseCommandArgs } from '../command-args.ts';
import type { CommandIo } from '../io.ts';

const USAGE =
  'usage: newsflow service ingest|extract|enrich\n(configuration comes from the environment: see the README)\n';

const mains: Record<string, () => Promise<unknown>> = {
  ingest: () => import('../../services/ingest/main.ts'),
  extract: () => import('../../services/extract/main.ts'),
  enrich: () => import('../../services/enrich/main.ts'),
};

/** `newsflow service <name>`: one service in the foreground (what each container runs). */
export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(io, 'service', USAGE, argv, {}, { allowPositionals: true });
  if ('exit' in parsed) return parsed.exit;
  const [name, ...extra] = parsed.positionals;
  const load = name ? mains[name] : undefined;
  if (!load || extra.length > 0)
    return commandUsage(io, 'service', USAGE)('name one service: ingest, extract or enrich');
  await load();
  // The service's main installs its own signal handlers and exits through them.
  return new Promise<number>(() => undefined);
}
