import { open, stat } from 'node:fs/promises';

/** The last `lines` lines of a file, reading at most 64 KiB from its end; '' when it is missing. */
export async function logTail(path: string, lines = 40): Promise<string> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return '';
  }
  const length = Math.min(size, 64 * 1024);
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const text = buffer.toString('utf8').replace(/\n$/, '');
    return text.split('\n').slice(-lines).join('\n');
  } finally {
    await handle.close();
  }
}
