import type { CommandIo } from '../io.ts';

const mains: Record<string, () => Promise<unknown>> = {
  ingest: () => import('../../services/ingest/main.ts'),
  extract: () => import('../../services/extract/main.ts'),
  enrich: () => import('../../services/enrich/main.ts'),
};

/** `newsflow service <name>`: one service in the foreground (what each container runs). */
export async function run(argv: string[], io: CommandIo): Promise<number> {
  const load = argv[0] ? mains[argv[0]] : undefined;
  if (!load) {
    io.stderr.write(
      'usage: newsflow service ingest|extract|enrich\n(configuration comes from the environment: see the README)\n',
    );
    return 2;
  }
  await load();
  // The service's main installs its own signal handlers and exits through them.
  return new Promise<number>(() => undefined);
}
