import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { readJsonLines } from '../jsonl.ts';

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

interface ListedFile {
  path: string;
  format: SourceFormat;
  bytes: number;
}

/** Files to read under `path` (one file, or a folder walked recursively in name order). */
async function listFiles(path: string): Promise<ListedFile[]> {
  const info = await stat(path);
  if (info.isFile()) {
    const format = formatOf(path);
    if (!format) throw new Error(`${path}: unknown file type (expected .jsonl, .ndjson, .txt, .html)`);
    return [{ path, format, bytes: info.size }];
  }
  const out: ListedFile[] = [];
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
  for await (const { line, value, error } of readJsonLines(stream)) {
    const position = `${name}:${line}`;
    yield error === undefined ? { position, value } : { position, error: `invalid JSON: ${error}` };
  }
}

function wholeDocument(format: 'text' | 'html', body: string, name: string): SourceItem {
  return {
    position: name,
    value: format === 'html' ? { html: body } : { text: body, metadata: { file: basename(name) } },
  };
}

/** Items of one file; `onBytes` is told how many bytes were read, for a progress bar. */
async function* readFileItems(
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
async function* readStdinItems(
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

/** A command's input: one file, a folder of them, or `-` (stdin). */
export interface SourceInput {
  /** The files to read (none for stdin). */
  files: ListedFile[];
  /** Their size in bytes, added up. */
  totalBytes: number;
  /** Bytes of the files read so far. */
  bytesRead(): number;
  items(): AsyncGenerator<SourceItem>;
}

/** Lists the files under `target` (throws when it cannot) and reads them, or stdin for `-`. */
export async function openSourceInput(
  target: string,
  stdin: NodeJS.ReadableStream,
  stdinFormat: SourceFormat | 'auto',
): Promise<SourceInput> {
  const files = target === '-' ? [] : await listFiles(target);
  let bytesRead = 0;
  return {
    files,
    totalBytes: files.reduce((n, f) => n + f.bytes, 0),
    bytesRead: () => bytesRead,
    async *items() {
      if (target === '-') {
        yield* readStdinItems(stdin, stdinFormat);
        return;
      }
      for (const f of files) yield* readFileItems(f.path, f.format, (n) => (bytesRead += n));
    },
  };
}
