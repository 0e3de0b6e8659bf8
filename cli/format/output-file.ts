// Where a command's records go: stdout, or FILE through FILE.partial, renamed when complete so
// that a reader never sees half a file (process and export).
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { CommandIo } from '../io.ts';

export interface Output {
  stream: NodeJS.WritableStream;
  /** Rejects when writing to the file fails (never for stdout). */
  failed: Promise<never> | undefined;
  /** Closes the file and renames it to FILE. */
  commit(): Promise<void>;
  /** Drops the partial file. */
  abort(): Promise<void>;
}

export function openOutput(io: CommandIo, path: string | undefined): Output {
  if (!path) return { stream: io.stdout, failed: undefined, commit: async () => {}, abort: async () => {} };
  const partial = `${path}.partial`;
  const file = createWriteStream(partial);
  const failed = new Promise<never>((_, reject) => file.once('error', reject));
  failed.catch(() => {});
  return {
    stream: file,
    failed,
    async commit() {
      file.end();
      await finished(file);
      await rename(partial, path);
    },
    async abort() {
      file.destroy();
      await rm(partial, { force: true });
    },
  };
}
