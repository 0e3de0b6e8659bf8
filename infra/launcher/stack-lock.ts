import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LauncherError } from './launcher-error.ts';
import { isSameProcess, processStartTime } from './process-identity.ts';

/**
 * Serialises `up` and `down` across processes: test files run in parallel processes and each may
 * provision the stack; without this two of them would start two brokers on one port.
 * A lock whose holder died is taken over.
 */
export async function withStackLock<T>(
  path: string,
  work: () => Promise<T>,
  timeoutMs = 600_000,
): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, startTime: processStartTime(process.pid) }));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = await readFile(path, 'utf8')
        .then((text) => JSON.parse(text) as { pid: number; startTime?: string })
        .catch(() => undefined);
      // unreadable: the holder is between open and write; give it a moment
      if (holder && !isSameProcess(holder.pid, holder.startTime)) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new LauncherError(
          `another launcher (pid ${holder?.pid ?? '?'}) holds ${path}; waited ${timeoutMs / 1000} s`,
        );
      }
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}
