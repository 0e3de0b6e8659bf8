// Reader of PETRARCH agent dictionaries: 'PHRASE {PLURAL} [~CODE]' lines, '!MARKER! = A, B'
// substitution sets used as 'CONGRESS!PERSON! [~LEG]', 'NGO~' prefix codes. Pure.

import { diag, phraseKey, phraseWords, pluralPhrase, readLines, type SourceLine } from './text.ts';
import type { AgentDef, Diagnostic } from './types.ts';

export function parseAgents(text: string, file: string): { agents: AgentDef[]; diagnostics: Diagnostic[] } {
  const agents: AgentDef[] = [];
  const diagnostics: Diagnostic[] = [];
  const markers = new Map<string, string[]>();

  for (const src of readLines(text, { diagnostics, file })) {
    const t = src.text.trim();
    if (t.includes('!') && t.includes('=')) {
      const m = /^!([^!\s]+)!\s*=\s*(.*)$/.exec(t);
      const items = (m?.[2] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (!m?.[1] || items.length === 0) {
        diagnostics.push(diag(file, src, 'substitution set must read !NAME! = A, B, C', 'error'));
      } else markers.set(m[1], items);
      continue;
    }
    const agent = readAgentLine(t, src, file, markers, diagnostics);
    if (agent) agents.push(agent);
  }
  return { agents, diagnostics };
}

function readAgentLine(
  t: string,
  src: SourceLine,
  file: string,
  markers: Map<string, string[]>,
  diagnostics: Diagnostic[],
): AgentDef | null {
  const fail = (message: string): null => {
    diagnostics.push(diag(file, src, message, 'error'));
    return null;
  };
  const open = t.indexOf('[');
  if (open < 0) return fail('agent has no [CODE]: skipped');
  let close = t.indexOf(']', open);
  const brace = t.indexOf('}', open);
  if (close < 0 && brace >= 0) {
    close = brace;
    diagnostics.push(
      diag(file, src, `'[${t.slice(open + 1, brace)}}' read as '[${t.slice(open + 1, brace)}]'`, 'ignored'),
    );
  }
  if (close < 0) return fail("agent code has no closing ']': skipped");
  if (t.slice(close + 1).trim() !== '')
    diagnostics.push(diag(file, src, 'text after the code ignored', 'error'));
  const code = t.slice(open + 1, close).replace(/\s+/g, '');
  let position: AgentDef['position'];
  let bare: string;
  if (/^~[^~]+$/.test(code)) {
    position = 'suffix';
    bare = code.slice(1);
  } else if (/^[^~]+~$/.test(code)) {
    position = 'prefix';
    bare = code.slice(0, -1);
  } else return fail(`agent code [${code}] needs '~' before it (suffix) or after it (prefix): skipped`);

  let head = t.slice(0, open).trim();
  let pluralText: string | null = null;
  const lb = head.indexOf('{');
  if (lb >= 0) {
    const rb = head.indexOf('}', lb);
    if (rb < 0 || head.slice(rb + 1).trim() !== '')
      return fail('plural must be one {...} after the phrase: skipped');
    pluralText = head.slice(lb + 1, rb).trim();
    head = head.slice(0, lb).trim();
  }
  const expand = (s: string): string[] | null => {
    let forms = [s];
    for (;;) {
      const first = forms[0] ?? '';
      const a = first.indexOf('!');
      if (a < 0) return forms;
      const b = first.indexOf('!', a + 1);
      if (b < 0) {
        fail(`substitution marker in '${s}' is not closed with '!': skipped`);
        return null;
      }
      const name = first.slice(a + 1, b);
      const items = markers.get(name);
      if (!items) {
        fail(`substitution marker !${name}! is not defined (before this line): skipped`);
        return null;
      }
      forms = forms.flatMap((f) => items.map((it) => f.replace(`!${name}!`, it)));
    }
  };
  const heads = expand(head);
  if (!heads) return null;
  const substituted = head.includes('!');
  const phrases: string[][] = [];
  const seen = new Set<string>();
  const add = (words: string[]): void => {
    if (words.length === 0 || seen.has(phraseKey(words))) return;
    seen.add(phraseKey(words));
    phrases.push(words);
  };
  for (const h of heads) add(phraseWords(h));
  if (phrases.length === 0) return fail('empty agent phrase: skipped');
  if (pluralText !== null) {
    const plurals = pluralText === '' ? [] : expand(pluralText);
    if (!plurals) return null;
    for (const p of plurals) add(phraseWords(p));
  } else if (!substituted) {
    for (const words of [...phrases]) add(pluralPhrase(words));
  }
  return { phrases, code: bare, position, file, line: src.line };
}
