// A small TSV parser for the knowledge-base files: '#' lines and blank lines are skipped, the
// first other line is the header, every row keeps its 1-based line number for error messages.
import type { z } from 'zod';

export interface TsvRow {
  line: number;
  cells: Record<string, string>;
}

export class KbFormatError extends Error {
  readonly retriable = false;
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'KbFormatError';
  }
}

/** Rows of one TSV file's text; `name` (the file's name) goes into error messages. */
export function parseTsv(text: string, name: string, columns: readonly string[]): TsvRow[] {
  const lines = text.split('\n');
  let header: string[] | undefined;
  const rows: TsvRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.replace(/\r$/, '');
    if (text.trim() === '' || text.startsWith('#')) continue;
    const cells = text.split('\t');
    if (!header) {
      header = cells;
      const missing = columns.filter((c) => !header!.includes(c));
      if (missing.length)
        throw new KbFormatError(name, i + 1, `header lacks column(s) ${missing.join(', ')}`);
      continue;
    }
    if (cells.length > header.length) {
      throw new KbFormatError(name, i + 1, `${cells.length} cells, header has ${header.length}`);
    }
    const record: Record<string, string> = {};
    header.forEach((h, j) => (record[h] = (cells[j] ?? '').trim()));
    rows.push({ line: i + 1, cells: record });
  }
  if (!header) throw new KbFormatError(name, 1, 'no header line');
  return rows;
}

/** Validates one row with a zod schema; a failure names file and line. */
export function parseRow<T extends z.ZodType>(schema: T, file: string, row: TsvRow): z.infer<T> {
  const r = schema.safeParse(row.cells);
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
    throw new KbFormatError(file, row.line, detail);
  }
  return r.data;
}

/** 'a|b|c' → ['a','b','c']; '' → []. */
export function list(cell: string): string[] {
  return cell === ''
    ? []
    : cell
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean);
}
