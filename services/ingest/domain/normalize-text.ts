// Zero-width characters, the BOM and soft hyphens carry no text but break hashing and matching.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// C0/C1 controls other than tab and newline (which are whitespace handled below).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const BLANK_LINE = /\n\s*\n/;

/**
 * Unicode NFC, line endings unified, runs of whitespace collapsed to one space inside a paragraph,
 * paragraphs separated by exactly one blank line, no leading or trailing whitespace. A single line
 * break inside a paragraph (hard-wrapped text) becomes a space.
 */
export function normalizeText(raw: string): string {
  const unified = raw.normalize('NFC').replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(CONTROL, ' ');
  return unified
    .split(BLANK_LINE)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0)
    .join('\n\n');
}
