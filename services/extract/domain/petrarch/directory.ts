// A folder of PETRARCH dictionaries, its files passed in by name (services/loaders/coder.ts
// reads them): picks the files PETR_config.ini names, else the folder's files by suffix, and
// parses them with the pure readers.
import { join } from 'node:path';
import { parseActors } from './actors.ts';
import { parseAgents } from './agents.ts';
import { parseConfig } from './config.ts';
import { parseDiscards } from './discards.ts';
import type { ActorDef, AgentDef, Diagnostic, DiscardDef, PetrarchDictionaries } from './types.ts';
import { parseVerbDictionary } from './verbs.ts';

const CONFIG = 'PETR_config.ini';

/**
 * A file's text: UTF-8, or Latin-1 when the bytes are not valid UTF-8 (Phoenix.Countries has
 * one such byte); the fallback is reported as an 'ignored' diagnostic at the first bad line.
 */
function decodeDictionary(bytes: Uint8Array, file: string): { text: string; diagnostics: Diagnostic[] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), diagnostics: [] };
  } catch {
    const text = Buffer.from(bytes).toString('latin1');
    let line = 1;
    let bad = '';
    for (const [i, l] of text.split('\n').entries()) {
      if (!isUtf8(Buffer.from(l, 'latin1'))) {
        line = i + 1;
        bad = l.trim();
        break;
      }
    }
    return {
      text,
      diagnostics: [
        {
          file,
          line,
          text: bad,
          message: 'not valid UTF-8: whole file read as Latin-1',
          severity: 'ignored',
        },
      ],
    };
  }
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** The folder's files: name → bytes. */
export type PetrarchFiles = ReadonlyMap<string, Uint8Array>;

/** The dictionaries of folder `dir` (named in messages), from its files' bytes. */
export function parsePetrarchDirectory(dir: string, files: PetrarchFiles): PetrarchDictionaries {
  const diagnostics: Diagnostic[] = [];
  const names = [...files.keys()].sort();
  const readText = (file: string, diags: Diagnostic[]): string => {
    const bytes = files.get(file);
    if (!bytes) throw new Error(`PETRARCH dictionary file not found: ${join(dir, file)}`);
    const r = decodeDictionary(bytes, file);
    diags.push(...r.diagnostics);
    return r.text;
  };
  const note = (message: string, file = CONFIG): void => {
    diagnostics.push({ file, line: 0, text: '', message, severity: 'ignored' });
  };

  let wanted: { verbs: string | null; actors: string[]; agents: string | null; discards: string | null } = {
    verbs: null,
    actors: [],
    agents: null,
    discards: null,
  };
  let options: Record<string, string> = {};
  if (names.includes(CONFIG)) {
    const config = parseConfig(readText(CONFIG, diagnostics), CONFIG);
    diagnostics.push(...config.diagnostics);
    wanted = config.files;
    options = config.options;
  } else note(`no ${CONFIG} in ${dir}: dictionary files found by suffix`, dir);

  const bySuffix = (test: (n: string) => boolean): string[] => names.filter(test);
  const pick = (kind: string, named: string | null, found: string[]): string | null => {
    if (named !== null && names.includes(named)) return named;
    const first = found[0] ?? null;
    if (named !== null) {
      note(`${kind} file ${named} named in ${CONFIG} is not in the folder: ${first ?? 'none'} read instead`);
    }
    return first;
  };
  const verbFile = pick(
    'verbs',
    wanted.verbs,
    bySuffix((n) => n.endsWith('.verbs.txt') || /^CAMEO.*\.txt$/.test(n)),
  );
  let actorFiles = wanted.actors.filter((n) => names.includes(n));
  const missingActors = wanted.actors.filter((n) => !names.includes(n));
  if (actorFiles.length === 0) {
    actorFiles = bySuffix((n) => n.endsWith('.actors.txt'));
    if (wanted.actors.length > 0) {
      note(
        `actor files ${wanted.actors.join(', ')} named in ${CONFIG} are not in the folder: ${actorFiles.join(', ') || 'none'} read instead`,
      );
    }
  } else if (missingActors.length > 0) {
    note(`actor files ${missingActors.join(', ')} named in ${CONFIG} are not in the folder: skipped`);
  }
  const agentFile = pick(
    'agents',
    wanted.agents,
    bySuffix((n) => n.endsWith('.agents.txt')),
  );
  const discardFile = pick(
    'discards',
    wanted.discards,
    bySuffix((n) => n.endsWith('.discards.txt')),
  );

  const missing = [
    verbFile ? null : 'verbs (*.verbs.txt or CAMEO*.txt)',
    actorFiles.length > 0 ? null : 'actors (*.actors.txt)',
  ].filter((x) => x !== null);
  if (missing.length > 0)
    throw new Error(`PETRARCH dictionaries in ${dir}: no ${missing.join(' and no ')} file`);

  // Parses one file and keeps its diagnostics with the folder's.
  const parsed = <R extends { diagnostics: Diagnostic[] }>(
    file: string,
    parse: (text: string, file: string) => R,
  ): R => {
    const r = parse(readText(file, diagnostics), file);
    diagnostics.push(...r.diagnostics);
    return r;
  };
  const verbs = parsed(verbFile ?? '', parseVerbDictionary);
  const actors: ActorDef[] = [];
  for (const f of actorFiles) actors.push(...parsed(f, parseActors).actors);
  let agents: AgentDef[] = [];
  if (agentFile) agents = parsed(agentFile, parseAgents).agents;
  else note('no agents file: no agents', dir);
  let discards: DiscardDef[] = [];
  if (discardFile) discards = parsed(discardFile, parseDiscards).discards;
  else note('no discards file: no discards', dir);

  return { dir, verbs, actors, agents, discards, options, diagnostics };
}
