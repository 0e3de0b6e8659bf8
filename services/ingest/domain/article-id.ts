import { createHash } from 'node:crypto';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Stable id: the first 32 hex digits of SHA-256 of the canonical URL, else of the normalised text. */
export function articleId(canonicalUrl: string | null, text: string): string {
  return sha256Hex(canonicalUrl ?? text).slice(0, 32);
}
