import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { redisAnswers } from './probes.ts';
import { runTool } from './run-tool.ts';
import type { ServerDefinition } from './server-definition.ts';

export const redisServer: ServerDefinition = {
  name: 'redis',
  readyTimeoutMs: 20_000,
  ports: (config) => [config.redis.port],
  logFile: (config) => join(config.dirs.logs, 'redis.log'),
  answers: (config) => redisAnswers(config.redis.port),

  async prepare(config) {
    // asked first so that a missing binary is a clear message rather than a spawn ENOENT
    await runTool({
      command: 'redis-server',
      args: ['--version'],
      installHint: 'install it with `apt-get install -y redis-server`',
      timeoutMs: 10_000,
    });
    await mkdir(config.dirs.redisData, { recursive: true });
    return {
      command: 'redis-server',
      args: [
        '--port',
        String(config.redis.port),
        '--bind',
        '127.0.0.1',
        // no RDB snapshots: the append-only file alone keeps data across restarts
        '--save',
        '',
        '--appendonly',
        'yes',
        '--dir',
        config.dirs.redisData,
        // BullMQ loses jobs under eviction; cache keys carry TTLs instead
        '--maxmemory-policy',
        'noeviction',
        '--daemonize',
        'no',
      ],
      cwd: config.dirs.redisData,
      outputFile: join(config.dirs.logs, 'redis.log'),
    };
  },
};
