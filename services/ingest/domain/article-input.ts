import { z } from 'zod';
import { canonicalizeUrl } from './canonical-url.ts';
import type { FieldError } from './field-error.ts';
import { parseLanguageTag } from './language.ts';
import { parsePublishedAt } from './published-at.ts';

/** What a feeder may send for one article: `text`, `html` or `url` (fetched), plus optional facts. */
export const ArticleInputSchema = z
  .object({
    text: z.string().nullish().describe('Plain text of the article; paragraphs separated by blank lines.'),
    html: z.string().nullish().describe('HTML of the article page; the main text is extracted.'),
    url: z
      .string()
      .max(8192)
      .nullish()
      .describe('Address of the article; fetched when neither text nor html is given.'),
    title: z.string().max(2000).nullish().describe('Headline.'),
    source: z.string().max(500).nullish().describe('Publisher name; defaults to the URL host without www.'),
    publishedAt: z
      .union([z.string().max(100), z.number()])
      .nullish()
      .describe('Publication time: ISO 8601, RFC 2822, YYYYMMDD, or epoch ms/s.'),
    language: z.string().max(35).nullish().describe('ISO 639-1 code or BCP 47 tag; detected when absent.'),
    metadata: z
      .record(z.string().max(256), z.string().max(4096))
      .nullish()
      .describe('Free-form string metadata passed through to the Article record.'),
  })
  .strict();

type ArticleInput = z.infer<typeof ArticleInputSchema>;

/** An input whose fields all passed their checks, with the parsed forms alongside. */
export interface CheckedInput extends ArticleInput {
  canonicalUrl: string | null;
  host: string | null;
  publishedAtMs: number | null;
  declaredLanguage: string | null;
}

export type CheckResult = { ok: true; input: CheckedInput } | { ok: false; errors: FieldError[] };

const MAX_METADATA_ENTRIES = 64;

const article = (expected: string): string =>
  /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;

/** How deep a JSON value nests, counted up to `limit` (a hostile body may nest thousands deep). */
function depthOf(value: unknown, limit = 100): number {
  let level = [value];
  let depth = 0;
  while (depth < limit) {
    const objects = level.filter((v): v is object => typeof v === 'object' && v !== null);
    if (objects.length === 0) break;
    depth++;
    level = objects.flatMap((v) => Object.values(v));
  }
  return depth;
}

/** 'a number (5)', 'an object nested 3 levels deep', 'null': what a feeder sent, in words. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value) || typeof value === 'object') {
    const kind = Array.isArray(value) ? 'an array' : 'an object';
    const depth = depthOf(value);
    return depth > 1 ? `${kind} nested ${depth >= 100 ? '100 or more' : depth} levels deep` : kind;
  }
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return `${article(typeof value)} (${JSON.stringify(value)})`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function zodErrors(error: z.ZodError, raw: unknown): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...issue.path, key].join('.'),
        message: 'is not a known field',
      }));
    }
    const field = issue.path.map(String).join('.') || 'body';
    if (issue.code !== 'invalid_type') return [{ field, message: issue.message }];
    // zod 4 leaves the offending input out of its issues; look it up to say what came instead.
    const value = valueAt(raw, issue.path);
    if (value === undefined) return [{ field, message: 'is required' }];
    const flatNote = issue.path[0] === 'metadata' ? ' (metadata maps names to strings, one level)' : '';
    return [{ field, message: `must be ${article(issue.expected)}${flatNote}, not ${describeValue(value)}` }];
  });
}

/**
 * Checks every field of one article input and reports every offending field at once: the types
 * through the zod schema, then URL, date and language through their parsers on whichever of those
 * fields had the right type, so that one bad field does not hide another.
 */
export function checkArticleInput(raw: unknown, now: number): CheckResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
  }
  const fields = raw as Record<string, unknown>;
  const errors: FieldError[] = [];
  const parsed = ArticleInputSchema.safeParse(raw);
  if (!parsed.success) errors.push(...zodErrors(parsed.error, raw));

  let canonicalUrl: string | null = null;
  let host: string | null = null;
  if (typeof fields.url === 'string') {
    const c = canonicalizeUrl(fields.url);
    if (c.ok) ({ url: canonicalUrl, host } = c);
    else errors.push({ field: 'url', message: c.error });
  }
  let publishedAtMs: number | null = null;
  if (typeof fields.publishedAt === 'string' || typeof fields.publishedAt === 'number') {
    const p = parsePublishedAt(fields.publishedAt, now);
    if (p.ok) publishedAtMs = p.ms;
    else errors.push({ field: 'publishedAt', message: p.error });
  }
  let declaredLanguage: string | null = null;
  if (typeof fields.language === 'string') {
    const l = parseLanguageTag(fields.language);
    if (l.ok) declaredLanguage = l.language;
    else errors.push({ field: 'language', message: l.error });
  }
  const hasContent = ['text', 'html', 'url'].some(
    (k) => typeof fields[k] === 'string' && (fields[k] as string).trim() !== '',
  );
  // A content field of the wrong type is already reported as such; "required" would mislead.
  const wrongType = ['text', 'html', 'url'].some((k) => fields[k] != null && typeof fields[k] !== 'string');
  if (!hasContent && !wrongType)
    errors.push({ field: 'text', message: 'one of text, html or url is required' });
  if (
    typeof fields.metadata === 'object' &&
    fields.metadata !== null &&
    Object.keys(fields.metadata).length > MAX_METADATA_ENTRIES
  ) {
    errors.push({ field: 'metadata', message: `has more than ${MAX_METADATA_ENTRIES} entries` });
  }

  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, input: { ...parsed.data, canonicalUrl, host, publishedAtMs, declaredLanguage } };
}
