import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createInterface } from 'node:readline';

export type SourceFormat = 'jsonl' | 'text' | 'html';

/** One article read from a file or stdin, with where it came from ('file:line' or 'file'). */
export type SourceItem = { position: string; value: unknown } | { position: string; error: string };

const FORMAT_OF_EXTENSION: Record<string, SourceFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.txt': 'text',
  '.text': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
};

function formatOf(path: string): SourceFormat | undefined {
  return FORMAT_OF_EXTENSION[extname(path).toLowerCase()];
}

/** Files to read under `path` (one file, or a folder walked recursively in name order). */
export async function listFiles(
  path: string,
): Promise<{ path: string; format: SourceFormat; bytes: number }[]> {
  const info = await stat(path);
  if (info.isFile()) {
    const format = formatOf(path);
    if (!format) throw new Error(`${path}: unknown file type (expected .jsonl, .ndjson, .txt, .html)`);
    return [{ path, format, bytes: info.size }];
  }
  const out: { path: string; format: SourceFormat; bytes: number }[] = [];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(child)));
    else if (entry.isFile() && formatOf(child)) out.push(...(await listFiles(child)));
  }
  return out;
}

async function* jsonLines(stream: NodeJS.ReadableStream, name: string): AsyncGenerator<SourceItem> {
  let line = 0;
  for await (const raw of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    const text = raw.trim();
    if (text === '') continue;
    const position = `${name}:${line}`;
    try {
      yield { position, value: JSON.parse(text) };
    } catch (err) {
      yield { position, error: `invalid JSON: ${(err as Error).message}` };
    }
  }
}

function wholeDocument(format: 'text' | 'html', body: string, name: string): SourceItem {
  return {
    position: name,
    value: format === 'html' ? { html: body } : { text: body, metadata: { file: basename(name) } },
  };
}

/** Items of one file; `onBytes` is told how many bytes were read, for a progress bar. */
export async function* readFileItems(
  path: string,
  format: SourceFormat,
  onBytes?: (n: number) => void,
): AsyncGenerator<SourceItem> {
  if (format === 'jsonl') {
    const stream = createReadStream(path);
    if (onBytes) stream.on('data', (chunk) => onBytes(chunk.length));
    yield* jsonLines(stream, path);
    return;
  }
  const body = await readFile(path);
  onBytes?.(body.length);
  yield wholeDocument(format, body.toString('utf8'), path);
}

/** stdin: JSON Lines, or one text or HTML document; `auto` looks at the first character. */
export async function* readStdinItems(
  stdin: NodeJS.ReadableStream,
  format: SourceFormat | 'auto',
): AsyncGenerator<SourceItem> {
  if (format === 'jsonl') {
    yield* jsonLines(stdin, '-');
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const body = Buffer.concat(chunks).toString('utf8');
  const first = body.trimStart()[0];
  const chosen = format !== 'auto' ? format : first === '{' ? 'jsonl' : first === '<' ? 'html' : 'text';
  if (chosen === 'jsonl') {
    const { Readable } = await import('node:stream');
    yield* jsonLines(Readable.from([body]), '-');
    return;
  }
  yield wholeDocument(chosen, body, '-');
}
