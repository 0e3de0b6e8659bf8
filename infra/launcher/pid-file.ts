import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isSameProcess, processStartTime } from './process-identity.ts';

export interface PidRecord {
  pid: number;
  startTime: string | undefined;
  startedAt: string;
  command: string[];
}

export async function writePidFile(path: string, pid: number, command: string[]): Promise<PidRecord> {
  const record: PidRecord = {
    pid,
    startTime: processStartTime(pid),
    startedAt: new Date().toISOString(),
    command,
  };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(record, null, 2) + '\n');
  return record;
}

async function readPidFile(path: string): Promise<PidRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(path, 'utf8')) as PidRecord;
    return Number.isInteger(record.pid) && record.pid > 0 ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The recorded process when it is still the one we started; a stale file is removed. */
export async function livePid(path: string): Promise<PidRecord | undefined> {
  const record = await readPidFile(path);
  if (!record) return undefined;
  if (isSameProcess(record.pid, record.startTime)) return record;
  await rm(path, { force: true });
  return undefined;
}
