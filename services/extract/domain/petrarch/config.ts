// Reader of PETRARCH's PETR_config.ini (Python ConfigParser syntax): which dictionary files to
// read, and the [Options]. Pure.

import type { Diagnostic } from './types.ts';

export interface PetrarchConfig {
  files: { verbs: string | null; actors: string[]; agents: string | null; discards: string | null };
  /** [Options], keys lower-case, values trimmed. */
  options: Record<string, string>;
  diagnostics: Diagnostic[];
}

/** [Dictionaries] keys newsflow reads; the others are reported as ignored. */
const USED_FILES = new Set(['verbfile_name', 'actorfile_list', 'agentfile_name', 'discardfile_name']);

export function parseConfig(text: string, file: string): PetrarchConfig {
  const diagnostics: Diagnostic[] = [];
  const sections = new Map<string, Map<string, { value: string; line: number; raw: string }>>();
  let section: Map<string, { value: string; line: number; raw: string }> | null = null;
  let last: { value: string } | null = null;
  const lines = text.split(/\r\n|\n|\r/);
  for (const [i, rawLine] of lines.entries()) {
    const raw = rawLine.trim();
    const src = { line: i + 1, raw };
    if (raw === '' || raw.startsWith('#') || raw.startsWith(';')) {
      if (raw === '') last = null;
      continue;
    }
    if (/^\s/.test(rawLine) && last) {
      last.value += ' ' + raw; // continuation line
      continue;
    }
    const head = /^\[([^\]]+)\]$/.exec(raw);
    if (head) {
      const name = (head[1] ?? '').trim();
      section = sections.get(name) ?? new Map();
      sections.set(name, section);
      last = null;
      if (name !== 'Dictionaries' && name !== 'Options') {
        diagnostics.push({
          file,
          ...src,
          text: raw,
          message: `section [${name}] not used`,
          severity: 'ignored',
        });
      }
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!kv || !section) {
      diagnostics.push({
        file,
        ...src,
        text: raw,
        message: 'cannot read: expected key = value in a [section]',
        severity: 'error',
      });
      last = null;
      continue;
    }
    const entry = { value: (kv[2] ?? '').trim(), line: i + 1, raw };
    section.set((kv[1] ?? '').toLowerCase(), entry);
    last = entry;
  }
  const dicts =
    sections.get('Dictionaries') ?? new Map<string, { value: string; line: number; raw: string }>();
  const get = (k: string): string | null => {
    const v = dicts.get(k)?.value;
    return v === undefined || v === '' ? null : v;
  };
  for (const [k, v] of dicts) {
    if (!USED_FILES.has(k)) {
      diagnostics.push({
        file,
        line: v.line,
        text: v.raw,
        message: `[Dictionaries] ${k} not used`,
        severity: 'ignored',
      });
    }
  }
  const options: Record<string, string> = {};
  for (const [k, v] of sections.get('Options') ?? []) options[k] = v.value;
  return {
    files: {
      verbs: get('verbfile_name'),
      actors: (get('actorfile_list') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      agents: get('agentfile_name'),
      discards: get('discardfile_name'),
    },
    options,
    diagnostics: diagnostics.sort((a, b) => a.line - b.line),
  };
}
