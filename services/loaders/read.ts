// Reading one data file for a loader: the error names the file and the reason, so that a
// missing or unreadable file stops the process with a message that says which one.
import { readFileSync } from 'node:fs';

export class DataFileError extends Error {
  readonly retriable = false;
  constructor(
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${reason}`, options);
    this.name = 'DataFileError';
  }
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The file's bytes; a DataFileError naming the file when it cannot be read. */
export function readDataBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new DataFileError(path, `cannot be read (${reasonOf(err)})`, { cause: err });
  }
}

/** The file's text (UTF-8); a DataFileError naming the file when it cannot be read. */
export function readDataText(path: string): string {
  return readDataBytes(path).toString('utf8');
}

/** Runs a parser on a file's content; a parse error is rethrown naming the file. */
export function parseDataFile<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof DataFileError) throw err;
    throw new DataFileError(path, reasonOf(err), { cause: err });
  }
}
