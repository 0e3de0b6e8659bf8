// Reads the knowledge base (data/kb/*.tsv, or another folder of the same files) and builds it
// with the pure parser in services/kb. Memoised per folder: the extract coder, enrich's resolver
// and the commands of one process all want the same one.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KB_FILES, parseKnowledgeBase, type KbFiles } from '../kb/load.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { readDataText } from './read.ts';

export const DEFAULT_KB_DIR = fileURLToPath(new URL('../../data/kb/', import.meta.url));

/** The texts of the knowledge-base files in `dir`. */
export function readKbFiles(dir: string = DEFAULT_KB_DIR): KbFiles {
  const files = {} as KbFiles;
  for (const f of KB_FILES) files[f] = readDataText(join(dir, f));
  return files;
}

const loaded = new Map<string, KnowledgeBase>();

/**
 * The knowledge base in `dir` (default data/kb). Throws a DataFileError naming the file when
 * one cannot be read, and a KbFormatError ('roles.tsv:12: reason') when a row is bad.
 */
export function loadKnowledgeBase(dir: string = DEFAULT_KB_DIR): KnowledgeBase {
  const key = resolve(dir);
  const hit = loaded.get(key);
  if (hit) return hit;
  const kb = parseKnowledgeBase(readKbFiles(key));
  loaded.set(key, kb);
  return kb;
}
