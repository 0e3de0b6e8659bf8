import { commandUsage, parseCommandArgs } from '../../cli/command-args.ts';
import type { CommandIo } from '../../cli/io.ts';
import { endpointsOf, loadLauncherConfig, serverNames } from './launcher-config.ts';
import type { ServerName, StackEndpoints } from './launcher-config.ts';
import { LauncherError } from './launcher-error.ts';
import { logTail } from './log-tail.ts';
import { servers, stackDown, stackStatus, stackUp } from './stack.ts';

const usage = `usage: newsflow infra <command>

  up                       start Kafka, the schema registry and Redis (reuses running ones)
  down [--purge]           stop them; --purge also deletes Kafka's and Redis' data
  status [--json]          state of each server (exit 0 when all three are up, 3 otherwise)
  logs [kafka|registry|redis] [-n LINES]
                           last lines of the servers' logs (default 40 each)
  env                      print KAFKA_BROKERS, SCHEMA_REGISTRY_URL and REDIS_URL as shell exports

settings (environment): NEWSFLOW_HOME, NEWSFLOW_KAFKA_PORT, NEWSFLOW_KAFKA_CONTROLLER_PORT,
NEWSFLOW_REGISTRY_PORT, NEWSFLOW_REDIS_PORT, NEWSFLOW_REGISTRY_VERSION, NEWSFLOW_JAVA_HOME
(see infra/README.md)
`;

function exportsOf(endpoints: StackEndpoints): string {
  return (
    `export KAFKA_BROKERS=${endpoints.kafkaBrokers}\n` +
    `export SCHEMA_REGISTRY_URL=${endpoints.schemaRegistryUrl}\n` +
    `export REDIS_URL=${endpoints.redisUrl}\n`
  );
}

async function logs(args: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(
    io,
    'infra logs',
    usage,
    args,
    { lines: { type: 'string', short: 'n', default: '40' } },
    { allowPositionals: true },
  );
  if ('exit' in parsed) return parsed.exit;
  const wrong = commandUsage(io, 'infra logs', usage);
  const lines = Number(parsed.values.lines);
  const names = parsed.positionals as ServerName[];
  const unknown = names.find((n) => !(serverNames as readonly string[]).includes(n));
  if (unknown !== undefined) return wrong(`unknown server '${unknown}'`);
  if (!Number.isInteger(lines) || lines < 1) return wrong('-n needs a positive number');
  const config = loadLauncherConfig(io.env);
  const chosen = names.length ? names : [...serverNames];
  for (const name of chosen) {
    const file = servers[name].logFile(config);
    if (chosen.length > 1) io.stdout.write(`==> ${name}: ${file} <==\n`);
    io.stdout.write(((await logTail(file, lines)) || '(no log yet)') + '\n');
  }
  return 0;
}

async function status(args: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(io, 'infra status', usage, args, {
    json: { type: 'boolean', default: false },
  });
  if ('exit' in parsed) return parsed.exit;
  const report = await stackStatus({ env: io.env });
  if (parsed.values.json) {
    io.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    for (const s of report.servers) {
      const pid = s.pid ? `pid ${s.pid}` : '';
      io.stdout.write(
        `${s.name.padEnd(8)} ${s.state.padEnd(8)} ${pid.padEnd(11)} ports ${s.ports.join(',')}\n`,
      );
    }
    if (report.servers.some((s) => s.state === 'foreign')) {
      io.stdout.write('foreign: something answers on that port but this launcher did not start it\n');
    }
    if (report.up) io.stdout.write('\n' + exportsOf(report));
  }
  return report.up ? 0 : 3;
}

/** `newsflow infra …` and `npm run infra -- …`. */
export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [sub, ...args] = argv;
  const say = (line: string): void => void io.stderr.write(line + '\n');
  try {
    switch (sub) {
      case 'up': {
        const parsed = parseCommandArgs(io, 'infra up', usage, args, {});
        if ('exit' in parsed) return parsed.exit;
        const result = await stackUp({ env: io.env, say, owner: 'cli' });
        say(
          `stack up in ${(result.durationMs / 1000).toFixed(1)} s (started: ${result.started.join(', ') || 'none'}; reused: ${result.reused.join(', ') || 'none'})`,
        );
        io.stdout.write(exportsOf(result));
        return 0;
      }
      case 'down': {
        const parsed = parseCommandArgs(io, 'infra down', usage, args, {
          purge: { type: 'boolean', default: false },
        });
        if ('exit' in parsed) return parsed.exit;
        await stackDown({ env: io.env, say, purge: parsed.values.purge });
        return 0;
      }
      case 'status':
        return await status(args, io);
      case 'logs':
        return await logs(args, io);
      case 'env': {
        const parsed = parseCommandArgs(io, 'infra env', usage, args, {});
        if ('exit' in parsed) return parsed.exit;
        io.stdout.write(exportsOf(endpointsOf(loadLauncherConfig(io.env))));
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(usage);
        return sub ? 0 : 2;
      default:
        return commandUsage(io, 'infra', usage)(`unknown command '${sub}'`);
    }
  } catch (err) {
    if (!(err instanceof LauncherError)) throw err;
    io.stderr.write(`infra ${sub}: ${err.message}\n`);
    if (err.logTail) io.stderr.write(`--- log tail ---\n${err.logTail}\n---\n`);
    return 1;
  }
}
