// Reader of PETRARCH verb dictionaries: the PETRARCH 2 layout (CAMEO.2.0.txt: synsets, then
// '--- NAME [CODE] ---' blocks with verbs and '- ... * ... [code]' patterns using (...) and
// {...} phrases, then '~' transformations) and the PETRARCH 1 / TABARI layout (<!-- -->
// comments, synsets anywhere, synsets inside synsets). Pure: text in, data and diagnostics out.

import { diag, pluralPhrase, phraseKey, phraseWords, readLines, type SourceLine } from './text.ts';
import type {
  Diagnostic,
  PatternItem,
  VerbBlock,
  VerbDef,
  VerbDictionaryDef,
  VerbForm,
  VerbPatternDef,
} from './types.ts';

type SynsetEntry =
  | { kind: 'phrase'; words: string[]; noPlural: boolean; src: SourceLine }
  | { kind: 'ref'; name: string; src: SourceLine };

interface RawSynset {
  name: string;
  noPlural: boolean;
  entries: SynsetEntry[];
  src: SourceLine;
}

interface PendingPattern {
  block: VerbBlock;
  pattern: VerbPatternDef;
  synsets: string[];
  src: SourceLine;
}

const SECTION_HEADER = /^#{5,}\s*(VERB PATTERNS|SYNONYM SETS|TRANSFORMATIONS)\b/m;

export function parseVerbDictionary(text: string, file: string): VerbDictionaryDef {
  const layout: VerbDictionaryDef['layout'] = SECTION_HEADER.test(text) ? 'PETRARCH2' : 'PETRARCH1';
  const diagnostics: Diagnostic[] = [];
  const rawSynsets = new Map<string, RawSynset>();
  const blocks: VerbBlock[] = [];
  const pending: PendingPattern[] = [];
  let synset: RawSynset | null = null;
  let block: VerbBlock | null = null;
  // Synset labels may contain '_' (&FIGHT_OF_WORDS), which in patterns also joins words
  // (NEW_&TIETYPES_RELATIONS): knowing every label first lets a pattern take the longest one.
  const labels = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*&([A-Za-z0-9_-]+)/gm))
    labels.add((m[1] ?? '').replace(/_+$/, '').toUpperCase());

  for (const src of readLines(text, { semicolon: true, diagnostics, file })) {
    const t = src.text.trim();
    if (t.startsWith('~')) {
      synset = null;
      diagnostics.push(
        diag(
          file,
          src,
          "verb transformation ('~' rule): not used (newsflow codes no nested events)",
          'ignored',
        ),
      );
    } else if (t.startsWith('&')) {
      synset = readSynsetHeader(t, src, file, rawSynsets, diagnostics);
    } else if (t.startsWith('+') && synset) {
      readSynsetEntry(t.slice(1).trim(), src, file, synset, diagnostics);
    } else if (t.startsWith('---')) {
      synset = null;
      block = readBlockHeader(t, src, file, diagnostics);
      if (block) blocks.push(block);
    } else if (t.startsWith('-')) {
      synset = null;
      if (!block) {
        diagnostics.push(diag(file, src, 'pattern before any --- block header', 'error'));
        continue;
      }
      const read = readPattern(t.slice(1), src, file, layout, labels, diagnostics);
      if (read) {
        block.patterns.push(read.pattern);
        if (read.synsets.length > 0)
          pending.push({ block, pattern: read.pattern, synsets: read.synsets, src });
      }
    } else if (block) {
      synset = null;
      const verb = readVerbLine(t, src, file, diagnostics);
      if (verb) block.verbs.push(verb);
    } else {
      diagnostics.push(diag(file, src, 'line outside any synset or verb block', 'error'));
    }
  }

  const synsets = resolveSynsets(rawSynsets, file, diagnostics);
  for (const p of pending) {
    const missing = p.synsets.filter((n) => !synsets.has(n));
    if (missing.length === 0) continue;
    p.block.patterns.splice(p.block.patterns.indexOf(p.pattern), 1);
    diagnostics.push(
      diag(
        file,
        p.src,
        `undefined synset ${missing.map((n) => '&' + n).join(', ')}: pattern skipped`,
        'error',
      ),
    );
  }
  diagnostics.sort((a, b) => a.line - b.line);
  return { layout, synsets, blocks, diagnostics };
}

// ---------------------------------------------------------------- synsets

function readSynsetHeader(
  t: string,
  src: SourceLine,
  file: string,
  rawSynsets: Map<string, RawSynset>,
  diagnostics: Diagnostic[],
): RawSynset | null {
  let name = t.slice(1).trim();
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    diagnostics.push(diag(file, src, 'synset label must be one word: &NAME', 'error'));
    return null;
  }
  const noPlural = name.endsWith('_');
  name = name.replace(/_+$/, '').toUpperCase();
  const known = rawSynsets.get(name);
  if (known) {
    diagnostics.push(
      diag(
        file,
        src,
        `synset &${name} defined again (first at line ${known.src.line}): phrases added to it`,
        'ignored',
      ),
    );
    return known;
  }
  const created: RawSynset = { name, noPlural, entries: [], src };
  rawSynsets.set(name, created);
  return created;
}

function readSynsetEntry(
  body: string,
  src: SourceLine,
  file: string,
  synset: RawSynset,
  diagnostics: Diagnostic[],
): void {
  if (body.startsWith('&')) {
    const name = body.slice(1).replace(/_+$/, '').toUpperCase();
    if (!/^[A-Z0-9_-]+$/.test(name)) {
      diagnostics.push(diag(file, src, 'synset reference must be one word: +&NAME', 'error'));
      return;
    }
    synset.entries.push({ kind: 'ref', name, src });
    return;
  }
  if (/[[\]{}()$%^*&]/.test(body) || /(^|[\s_])\+/.test(body)) {
    diagnostics.push(
      diag(file, src, 'synset phrases can only contain words (no $ + % ^ * & or brackets)', 'error'),
    );
    return;
  }
  const words = phraseWords(body);
  if (words.length === 0) {
    diagnostics.push(diag(file, src, 'empty synset phrase', 'error'));
    return;
  }
  synset.entries.push({ kind: 'phrase', words, noPlural: body.endsWith('_'), src });
}

function resolveSynsets(
  raw: Map<string, RawSynset>,
  file: string,
  diagnostics: Diagnostic[],
): Map<string, string[][]> {
  const done = new Map<string, string[][]>();
  const resolve = (s: RawSynset, stack: string[]): string[][] => {
    const have = done.get(s.name);
    if (have) return have;
    const out: string[][] = [];
    const seen = new Set<string>();
    const add = (words: string[]): void => {
      const key = phraseKey(words);
      if (seen.has(key)) return;
      seen.add(key);
      out.push(words);
    };
    for (const e of s.entries) {
      if (e.kind === 'phrase') {
        add(e.words);
        if (!s.noPlural && !e.noPlural) add(pluralPhrase(e.words));
        continue;
      }
      const inner = raw.get(e.name);
      if (!inner) {
        diagnostics.push(
          diag(file, e.src, `undefined synset &${e.name} inside &${s.name}: skipped`, 'error'),
        );
      } else if (stack.includes(e.name)) {
        diagnostics.push(diag(file, e.src, `synset &${e.name} contains itself: skipped`, 'error'));
      } else {
        for (const words of resolve(inner, [...stack, e.name])) add(words);
      }
    }
    if (out.length === 0) diagnostics.push(diag(file, s.src, `synset &${s.name} has no phrases`, 'error'));
    done.set(s.name, out);
    return out;
  };
  for (const s of raw.values()) resolve(s, [s.name]);
  // Keep file order.
  const ordered = new Map<string, string[][]>();
  for (const name of raw.keys()) {
    const phrases = done.get(name);
    if (phrases && phrases.length > 0) ordered.set(name, phrases);
  }
  return ordered;
}

// ---------------------------------------------------------------- blocks and verbs

function readBlockHeader(
  t: string,
  src: SourceLine,
  file: string,
  diagnostics: Diagnostic[],
): VerbBlock | null {
  let body = t.replace(/^-{3,}/, '');
  body = body.replace(/(-{3,}\s*)+$/, '').trim(); // '[110]---  ---' happens too
  const codes = [...body.matchAll(/\[([^\]]*)\]/g)].map((m) => (m[1] ?? '').trim());
  const bracket = body.indexOf('[');
  const name = (bracket < 0 ? body : body.slice(0, bracket)).trim();
  const rest = body
    .replace(/\[[^\]]*\]/g, '')
    .slice(name.length)
    .trim();
  if (name === '' || rest !== '' || /[[\]]/.test(body.replace(/\[[^\]]*\]/g, ''))) {
    diagnostics.push(diag(file, src, 'block header must read --- NAME [CODE] ---', 'error'));
    return null;
  }
  const first = codes[0];
  if (codes.length > 1) {
    diagnostics.push(
      diag(
        file,
        src,
        `block header has ${codes.length} codes: first [${first}] used, ${codes
          .slice(1)
          .map((c) => `[${c}]`)
          .join(' ')} ignored`,
        'ignored',
      ),
    );
  }
  const code = first === undefined || first === '' || first === '---' ? null : first;
  return { name, code, verbs: [], patterns: [], file, line: src.line };
}

function readVerbForm(s: string): VerbForm | string {
  const pieces = s.split(/[_\s]+/).filter((p) => p !== '');
  if (pieces.length === 0) return 'empty verb';
  let verbIndex = -1;
  const words: string[] = [];
  for (const [i, p] of pieces.entries()) {
    let w = p;
    if (w.startsWith('+')) {
      if (verbIndex >= 0) return `two '+' marks in ${s}`;
      verbIndex = i;
      w = w.slice(1);
    }
    if (w === '' || /[[\]{}()$%^*&+]/.test(w)) return `cannot read verb word '${p}'`;
    words.push(w.toLowerCase());
  }
  return { words, verbIndex: verbIndex < 0 ? 0 : verbIndex };
}

function readVerbLine(t: string, src: SourceLine, file: string, diagnostics: Diagnostic[]): VerbDef | null {
  let body = t;
  let code: string | null = null;
  const codeMatch = /\[([^\]]*)\]\s*$/.exec(body);
  if (codeMatch) {
    code = (codeMatch[1] ?? '').trim();
    body = body.slice(0, codeMatch.index).trim();
  }
  let formsText: string | null = null;
  const open = body.indexOf('{');
  let baseText = body;
  if (open >= 0) {
    const close = body.indexOf('}', open);
    if (close < 0 || body.slice(close + 1).trim() !== '') {
      diagnostics.push(diag(file, src, 'verb forms must be one {...} list after the verb', 'error'));
      return null;
    }
    formsText = body.slice(open + 1, close);
    baseText = body.slice(0, open).trim();
  }
  const noun = baseText.startsWith('@');
  if (noun) baseText = baseText.slice(1);
  if (code === '' || /[[\]{}]/.test(baseText)) {
    diagnostics.push(diag(file, src, 'cannot read verb line: VERB {FORMS} [CODE]', 'error'));
    return null;
  }
  const base = readVerbForm(baseText);
  if (typeof base === 'string') {
    diagnostics.push(diag(file, src, base, 'error'));
    return null;
  }
  const forms: VerbForm[] = [];
  for (const f of (formsText ?? '').split(/\s+/).filter((x) => x !== '')) {
    const form = readVerbForm(f);
    if (typeof form === 'string') {
      diagnostics.push(diag(file, src, `${form}: form skipped`, 'error'));
      continue;
    }
    forms.push(form);
  }
  return { base, noun, forms, formsGiven: formsText !== null, code, file, line: src.line };
}

// ---------------------------------------------------------------- patterns

type Built = PatternItem | { kind: 'verb' };

/** Pushes the item one pattern word stands for; the error message when it cannot be read. */
function pushPatternWord(w: string, items: Built[], synsets: string[]): string | null {
  if (w === '$') items.push({ kind: 'source', joined: false });
  else if (w === '+') items.push({ kind: 'target', joined: false });
  else if (w === '%') items.push({ kind: 'compound', joined: false });
  else if (w === '^') items.push({ kind: 'skip', joined: false });
  else if (w.startsWith('~&')) {
    const name = w.slice(2).toUpperCase();
    if (!/^[A-Z0-9-]+$/.test(name)) return `cannot read excluded synset '${w}'`;
    items.push({ kind: 'notSynset', name });
    synsets.push(name);
  } else if (w.startsWith('~')) {
    if (/^~[^$%^+&~]+$/.test(w)) items.push({ kind: 'not', word: w.slice(1).toLowerCase() });
    else return `cannot read excluded word '${w}'`;
  } else if (w.startsWith('&')) {
    const name = w.slice(1).toUpperCase();
    if (!/^[A-Z0-9_-]+$/.test(name)) return `cannot read synset reference '${w}'`;
    items.push({ kind: 'synset', name, joined: false });
    synsets.push(name);
  } else if (/[$%^+]/.test(w)) {
    return `cannot read pattern word '${w}'`;
  } else items.push({ kind: 'word', word: w.toLowerCase(), joined: false });
  return null;
}

/** Exactly one verb, outside brackets, and balanced brackets; else the error message. */
function patternShapeError(items: Built[]): string | null {
  const verbAt = items.findIndex((x) => x.kind === 'verb');
  if (verbAt < 0 || items.findIndex((x, i) => i > verbAt && x.kind === 'verb') >= 0) {
    return "pattern needs exactly one '*' for the verb";
  }
  const stack: string[] = [];
  for (const x of items) {
    if (x.kind === 'open') stack.push(x.bracket === '(' ? ')' : '}');
    else if (x.kind === 'close' && stack.pop() !== x.bracket) return 'unbalanced ( ) or { } in pattern';
    else if (x.kind === 'verb' && stack.length > 0) return "'*' inside ( ) or { }";
  }
  if (stack.length > 0) return 'unclosed ( or { in pattern';
  return null;
}

function readPattern(
  bodyIn: string,
  src: SourceLine,
  file: string,
  layout: VerbDictionaryDef['layout'],
  labels: Set<string>,
  diagnostics: Diagnostic[],
): { pattern: VerbPatternDef; synsets: string[] } | null {
  const fail = (message: string): null => {
    diagnostics.push(diag(file, src, message, 'error'));
    return null;
  };
  // newsflow's flags ('<recip>') may follow the code.
  const m = /^([^[\]]*)\[([^\]]*)\]((?:\s*<[a-z]+>)*)\s*$/.exec(bodyIn);
  if (!m) return fail('pattern must read - <before> * <after> [CODE] <flag>...');
  const code = (m[2] ?? '').trim();
  const flags = [...(m[3] ?? '').matchAll(/<([a-z]+)>/g)].map((f) => f[1] ?? '');
  if (code === '' || /\s/.test(code)) return fail('pattern code [...] is empty or has spaces');
  let body = m[1] ?? '';
  if (layout === 'PETRARCH1' && /\{[^}]*\|/.test(body)) {
    diagnostics.push(
      diag(file, src, 'TABARI disjunctive set {A | B} in a pattern: skipped, as PETRARCH does', 'ignored'),
    );
    return null;
  }
  // TABARI legacy: 'X_ ' is an open match 'X ', and a final '_' means nothing.
  body = body.replace(/_+(\s)/g, '$1').replace(/_+\s*$/, '');

  const items: Built[] = [];
  const synsets: string[] = [];
  let verbJoined = false;
  let word = '';
  const flush = (): string | null => {
    if (word === '') return null;
    const w = word;
    word = '';
    return pushPatternWord(w, items, synsets);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    const space = c === ' ' || c === '\t';
    if (space || c === '_' || c === '*' || c === '(' || c === ')' || c === '{' || c === '}') {
      const err = flush();
      if (err) return fail(err);
    }
    if (space) continue;
    if (c === '&' && word === '') {
      // The longest known label from here ('&FIGHT_OF_WORDS'), else up to the first '_'.
      let end = i + 1;
      while (end < body.length && !/[\s*(){}]/.test(body[end] ?? '')) end++;
      const parts = body.slice(i + 1, end).split('_');
      let k = parts.length;
      while (k > 1 && !labels.has(parts.slice(0, k).join('_').toUpperCase())) k--;
      word = '&' + parts.slice(0, k).join('_');
      i += word.length - 1;
      const err = flush();
      if (err) return fail(err);
    } else if (c === '_') {
      const last = items[items.length - 1];
      if (!last) return fail("pattern starts with '_'");
      if (last.kind === 'verb') verbJoined = true;
      else if ('joined' in last) last.joined = true;
      else return fail("'_' next to a bracket cannot be read");
    } else if (c === '*') {
      if (body[i + 1] === '*') i++; // '**' marks the verb too
      items.push({ kind: 'verb' });
    } else if (c === '(' || c === '{') items.push({ kind: 'open', bracket: c });
    else if (c === ')' || c === '}') items.push({ kind: 'close', bracket: c });
    else word += c;
  }
  const err = flush();
  if (err) return fail(err);

  const shapeError = patternShapeError(items);
  if (shapeError) return fail(shapeError);
  const verbAt = items.findIndex((x) => x.kind === 'verb');
  const before = items.slice(0, verbAt) as PatternItem[];
  const after = items.slice(verbAt + 1) as PatternItem[];
  return {
    pattern: {
      before,
      after,
      verbJoined,
      code,
      flags,
      file,
      line: src.line,
      text: src.text.trim().replace(/\s+/g, ' '),
    },
    synsets,
  };
}
