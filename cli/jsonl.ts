// Line-by-line JSON input for the enrich CLI tools.
import { createInterface } from 'node:readline';

export type JsonLine =
  { line: number; value: unknown; error?: undefined } | { line: number; value?: undefined; error: string };

/** Yields each non-blank line of a stream parsed as JSON (or its parse error), with its 1-based number. */
export async function* readJsonLines(input: NodeJS.ReadableStream): AsyncGenerator<JsonLine> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const raw of rl) {
    line++;
    if (!raw.trim()) continue;
    try {
      yield { line, value: JSON.parse(raw) as unknown };
    } catch (err) {
      yield { line, error: (err as Error).message };
    }
  }
}

/** Writes to a stream and waits when its buffer is full. */
export async function writeLine(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(`${text}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}
