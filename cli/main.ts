// One entry point for every `newsflow <command>`; each command is a file under cli/commands/ (the
// launcher's is infra/launcher/command.ts), loaded lazily so that `newsflow code` does not pay for
// Kafka or Redis imports.
import type { CommandRun } from './io.ts';

interface CommandEntry {
  summary: string;
  load: () => Promise<{ run: CommandRun }>;
}

const commands: Record<string, CommandEntry> = {
  up: {
    summary: 'run the whole pipeline locally (servers, topics, schemas, services)',
    load: () => import('./commands/up.ts'),
  },
  process: {
    summary: 'the pipeline with no servers: articles in, enriched events out (JSONL or GDELT TSV)',
    load: () => import('./commands/process.ts'),
  },
  infra: {
    summary: 'start, stop or inspect the local Kafka, registry and Redis',
    load: () => import('../infra/launcher/command.ts'),
  },
  code: {
    summary: 'code events from JSON Lines {id,text,date} on stdin',
    load: () => import('./commands/code.ts'),
  },
  geocode: {
    summary: 'geocode places in JSON Lines {id,text} on stdin',
    load: () => import('./commands/geocode.ts'),
  },
  eval: {
    summary: 'eval events|places --gold FILE: score the coder or the geocoder',
    load: () => import('./commands/eval.ts'),
  },
  ingest: {
    summary: 'ingest a file, a folder or - (stdin) of JSONL, text or HTML articles',
    load: () => import('./commands/ingest.ts'),
  },
  setup: {
    summary: 'create the topics and register the schemas, then exit',
    load: () => import('./commands/setup.ts'),
  },
  service: {
    summary: 'service ingest|extract|enrich: run one service in the foreground',
    load: () => import('./commands/service.ts'),
  },
  tail: {
    summary: 'follow an event topic (pretty or --json, with filters)',
    load: () => import('./commands/tail.ts'),
  },
  export: {
    summary: 'export events as GDELT-style TSV or JSON Lines',
    load: () => import('./commands/export.ts'),
  },
  topics: { summary: 'list topics, partitions and consumer lag', load: () => import('./commands/topics.ts') },
  bench: {
    summary: 'benchmark the real stack (or `bench coder|enrich` for the domain alone)',
    load: () => import('./commands/bench.ts'),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: newsflow <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const entry = commands[name];
  if (!entry) {
    process.stderr.write(`newsflow: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const mod = await entry.load();
  return mod.run(rest, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env });
}
