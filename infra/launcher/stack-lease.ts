import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSameProcess, processStartTime } from './process-identity.ts';

// A lease says "this process is using the stack". Test provisioning takes one; the stack it started
// is stopped only when the last lease holder leaves, so parallel test files do not pull the servers
// from under each other. A lease of a dead process does not count.

function leaseDir(runDir: string): string {
  return join(runDir, 'leases');
}

export async function takeLease(runDir: string): Promise<string> {
  await mkdir(leaseDir(runDir), { recursive: true });
  const file = join(
    leaseDir(runDir),
    `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.lease`,
  );
  await writeFile(file, JSON.stringify({ pid: process.pid, startTime: processStartTime(process.pid) }));
  return file;
}

export async function dropLease(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** Leases held by live processes; leases of dead ones are removed on the way. */
export async function liveLeases(runDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(leaseDir(runDir));
  } catch {
    return [];
  }
  const live: string[] = [];
  for (const name of names) {
    const file = join(leaseDir(runDir), name);
    const holder = await readFile(file, 'utf8')
      .then((text) => JSON.parse(text) as { pid: number; startTime?: string })
      .catch(() => undefined);
    if (holder && isSameProcess(holder.pid, holder.startTime)) live.push(file);
    else await rm(file, { force: true });
  }
  return live;
}
