// Zero-width characters, the BOM and soft hyphens carry no text but break hashing and matching.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// C0/C1 controls other than tab and newline (which are whitespace handled below).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const BLANK_LINE = /\n\s*\n/;

// What `\s` matches. Runs of two or more, and any single one that is not a plain space, become
// one space; single spaces (most of them) are left alone, which saves rewriting every word gap.
const WS = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
const WHITESPACE = new RegExp(`[${WS}]{2,}|[${WS.replace(' ', '')}]`, 'g');
// eslint-disable-next-line no-control-regex -- text that is plain ASCII is already in NFC
const ASCII = /^[\u0000-\u007f]*$/;

/**
 * Unicode NFC, line endings unified, runs of whitespace collapsed to one space inside a paragraph,
 * paragraphs separated by exactly one blank line, no leading or trailing whitespace. A single line
 * break inside a paragraph (hard-wrapped text) becomes a space.
 */
export function normalizeText(raw: string): string {
  // The replacements are skipped when there is nothing to replace: this runs for every article.
  let unified = ASCII.test(raw) ? raw : raw.normalize('NFC');
  if (unified.includes('\r')) unified = unified.replace(/\r\n?/g, '\n');
  INVISIBLE.lastIndex = 0;
  if (INVISIBLE.test(unified)) unified = unified.replace(INVISIBLE, '');
  CONTROL.lastIndex = 0;
  if (CONTROL.test(unified)) unified = unified.replace(CONTROL, ' ');
  return unified
    .split(BLANK_LINE)
    .map((p) => p.replace(WHITESPACE, ' ').trim())
    .filter((p) => p.length > 0)
    .join('\n\n');
}
