// Reads everything a coder is built from: the knowledge base, newsflow's own word lists and
// codebook (data/dictionaries, data/cameo), and a PETRARCH dictionary folder (the Phoenix set by
// default). The one place where the coder's data is read from disk; createCoder (in
// services/extract/domain/coder.ts) works on what is passed in.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCoder, type Coder, type DictionarySources } from '../extract/domain/coder.ts';
import { parsePetrarchDirectory, type PetrarchFiles } from '../extract/domain/petrarch/directory.ts';
import type { Diagnostic, PetrarchDictionaries } from '../extract/domain/petrarch/types.ts';
import { loadKnowledgeBase } from './kb.ts';
import { DataFileError, readDataBytes, readDataText } from './read.ts';

/** data/: newsflow's own dictionaries (data/dictionaries) and codebook (data/cameo). */
const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

/** The default PETRARCH dictionaries: the Phoenix set (data/dictionaries/phoenix/ORIGIN.md). */
const DEFAULT_PETRARCH_DIR = fileURLToPath(new URL('../../data/dictionaries/phoenix/', import.meta.url));

export interface LoadCoderOptions {
  /** Knowledge base folder (default data/kb). */
  kbDir?: string | undefined;
  /** A PETRARCH-layout folder that replaces the default dictionaries for this coder. */
  dictionariesDir?: string | undefined;
  keepNegated?: boolean;
}

export interface LoadedCoder {
  coder: Coder;
  seconds: number;
  diagnostics: Diagnostic[];
  dictionariesDir: string;
}

/** newsflow's own verb patterns, sector and group words, and CAMEO codebook. */
export function readDictionarySources(dataDir: string = DEFAULT_DATA_DIR): DictionarySources {
  const read = (p: string): string => readDataText(join(dataDir, p));
  return {
    verbs: read('dictionaries/verbs.txt'),
    modality: read('dictionaries/modality.txt'),
    sectors: read('dictionaries/sectors.tsv'),
    groups: read('dictionaries/groups.tsv'),
    codebook: read('cameo/codebook.tsv'),
  };
}

/** Every regular file of a folder, by name. */
function readFolder(dir: string): Map<string, Buffer> {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    throw new DataFileError(dir, `cannot be listed (${err instanceof Error ? err.message : String(err)})`);
  }
  const files = new Map<string, Buffer>();
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(name, readDataBytes(path));
  }
  return files;
}

/** 12 hex digits of sha256 over the folder's files (name and content, in name order). */
function digestOf(files: PetrarchFiles): string {
  const hash = createHash('sha256');
  for (const [name, bytes] of files) hash.update(name).update('\0').update(bytes).update('\0');
  return hash.digest('hex').slice(0, 12);
}

/** The PETRARCH dictionaries of a folder, with the digest of its files. */
export function readPetrarchDirectory(dir: string): PetrarchDictionaries & { digest: string } {
  const files = readFolder(dir);
  return { ...parsePetrarchDirectory(dir, files), digest: digestOf(files) };
}

/** Builds a coder from its files. Throws with the file and the reason when one cannot be read. */
export function loadCoder(options: LoadCoderOptions = {}): LoadedCoder {
  const started = performance.now();
  const dir = options.dictionariesDir ?? DEFAULT_PETRARCH_DIR;
  const { digest, ...dictionaries } = readPetrarchDirectory(dir);
  const coder = createCoder(loadKnowledgeBase(options.kbDir), readDictionarySources(), {
    keepNegated: options.keepNegated ?? false,
    petrarch: { dictionaries, digest },
    mode: options.dictionariesDir ? 'replace' : 'merge',
  });
  return {
    coder,
    seconds: (performance.now() - started) / 1000,
    diagnostics: dictionaries.diagnostics,
    dictionariesDir: dir,
  };
}
