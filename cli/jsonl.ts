// The one JSON Lines reader of the commands and benchmarks: each non-blank line parsed as JSON (or
// its parse error), with its 1-based line number; blank lines are skipped but counted.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export type JsonLine =
  { line: number; value: unknown; error?: undefined } | { line: number; value?: undefined; error: string };

function parseLine(raw: string, line: number): JsonLine | undefined {
  if (!raw.trim()) return undefined;
  try {
    return { line, value: JSON.parse(raw) as unknown };
  } catch (err) {
    return { line, error: (err as Error).message };
  }
}

/** Lines of a stream, read as they come. */
export async function* readJsonLines(input: NodeJS.ReadableStream): AsyncGenerator<JsonLine> {
  let line = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    const parsed = parseLine(raw, ++line);
    if (parsed) yield parsed;
  }
}

/** Lines of a text held whole. */
export function parseJsonLines(text: string): JsonLine[] {
  return text.split('\n').flatMap((raw, i) => parseLine(raw, i + 1) ?? []);
}

/** Every value of a file; a line that is not JSON stops the read with `file:line: not JSON: ...`. */
export function readJsonLinesFile<T = unknown>(path: string): T[] {
  return parseJsonLines(readFileSync(path, 'utf8')).map((l) => {
    if (l.error !== undefined) throw new Error(`${path}:${l.line}: not JSON: ${l.error}`);
    return l.value as T;
  });
}

/** Writes one line to a stream and waits when its buffer is full. */
export async function writeLine(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(`${text}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}
