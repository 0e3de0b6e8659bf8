// Codes one sentence: finds event triggers (verb and noun patterns), their source and target
// actors, modality and negation, and turns them into draft events. Shallow, rule-based and
// deterministic: no parser, only POS tags, lemmas and the dictionaries.
import type { Chunk } from './actors.ts';
import { findChunks } from './actors.ts';
import { subordinateMask, verbGroup, type VerbGroup } from './clauses.ts';
import type { Coder } from './coder.ts';
import type { ArticleState, ActorRef } from './coreference.ts';
import { resolveChunk } from './coreference.ts';
import { matchAt, type PatternMatch, type VerbPattern } from './verb-dictionary.ts';
import type { SentenceSpan } from './nlp.ts';
import type { ActorMention, Modality, Token } from './types.ts';

export interface SentenceEvent {
  code: string;
  source: ActorMention | null;
  target: ActorMention | null;
  negated: boolean;
  modality: Modality;
  pattern: string;
  confidence: number;
  trigger: number;
}

const DEBUG = false;
const NON_TARGET_PREPS = new Set(['in', 'at', 'near', 'during', 'since', 'amid', 'after', 'before', 'within', 'despite', 'throughout', 'inside', 'across', 'like', 'than', 'under', 'until', 'via', 'including']);
// Roots whose bare 'troops' / 'forces' object is the actor's own ('withdrew its troops').
const OWN_FORCES_ROOTS = new Set(['03', '07', '08', '15', '16']);
// Roots whose event, with no target named, is aimed at the place where it happens.
const PLACE_TARGET_ROOTS = new Set(['08', '13', '14', '16', '17', '18', '19']);
// Passive events with no agent whose source is the country where they happen ('was arrested in Lebanon').
const PLACE_SOURCE_ROOTS = new Set(['09', '11', '16', '17']);
const GERUND_PREPS = new Set(['for', 'of', 'by', 'in', 'on', 'about', 'without', 'after', 'before', 'from', 'against', 'with', 'through', 'while']);
const CLAUSE_OPENERS = new Set(['as', 'while', 'after', 'when', 'because', 'since', 'before', 'although', 'though', 'whereas', 'until']);
const TOPIC_PREPS = new Set(['on', 'about', 'over', 'regarding', 'concerning', 'into']);
const BARRIER_WORDS = new Set(['while', 'whereas', 'because', 'but', 'although', 'though', 'when', 'after', 'before', 'unless', 'if', 'since']);
const SPEECH_AFTER = new Set(['said', 'says', 'say', 'told', 'reported', 'added', 'announced', 'stated', 'according', 'quoted']);
const DEMAND_MODALS = new Set(['must', 'should', 'ought']);
const COOPERATIVE = new Set(['02', '03', '04', '05', '06', '07', '08']);
const CONFLICT = new Set(['09', '14', '15', '16', '17', '18', '19', '20']);
const VERBAL_ONLY = new Set(['01', '02', '03', '09', '10', '11', '12', '13']);

function isParticipleForm(t: Token): boolean {
  return t.norm !== t.lemma && !t.norm.endsWith('s') && !t.norm.endsWith('ing');
}

/** First token after `at` where the clause of the trigger ends (for target search). */
function clauseEnd(tokens: Token[], chunks: Chunk[], at: number, b: number): number {
  for (let k = at + 1; k < b; k++) {
    const t = tokens[k]!;
    if (t.value === ';' || t.value === ':') return k;
    if (BARRIER_WORDS.has(t.norm) && tokens[k - 1]?.value === ',') return k;
    if (t.norm === 'unless' || t.norm === 'if' || t.norm === 'whereas' || t.norm === 'while' || t.norm === 'because') return k;
    if (t.value === ',') {
      // ', the White House said' / ', according to ...' / ', said the ministry'
      for (let j = k + 1; j < Math.min(b, k + 9); j++) {
        const u = tokens[j]!;
        if (SPEECH_AFTER.has(u.norm)) return k;
        if (u.value === ',' || (u.pos === 'VERB' && tokens[j - 1]?.value !== '-')) break;
      }
      const next = tokens[k + 1];
      if (next && (next.norm === 'who' || next.norm === 'which' || next.norm === 'where')) return k;
    }
  }
  void chunks;
  return b;
}

function conjGroup(chunks: Chunk[], index: number): Chunk[] {
  // The chunk and every chunk joined to it by 'and' on either side.
  const group = [chunks[index]!];
  for (let k = index; chunks[k]?.conjWith !== null && chunks[k]?.conjWith !== undefined; ) {
    k = chunks[k]!.conjWith!;
    group.unshift(chunks[k]!);
  }
  for (let k = index + 1; k < chunks.length && chunks[k]!.conjWith === k - 1 && group.includes(chunks[k - 1]!); k++) group.push(chunks[k]!);
  return group;
}

export interface SentenceInput {
  tokens: Token[];
  span: SentenceSpan;
  text: string;
  date: string;
  state: ArticleState;
}

interface Trigger {
  at: number;
  match: PatternMatch;
  group: VerbGroup;
  subject: Chunk[];
  clauseFrom: number;
}

export function codeSentence(coder: Coder, input: SentenceInput): { events: SentenceEvent[]; chunks: Chunk[] } {
  const { tokens, span } = input;
  const a = span.first;
  const b = span.last;
  const chunks = findChunks(coder.actors, tokens, a, b, input.date);
  attachLocatedSectors(tokens, chunks);
  const sub = subordinateMask(tokens, a, b);
  const consumed = new Uint8Array(b - a);
  const events: SentenceEvent[] = [];
  const triggers: Trigger[] = [];
  let clauseFrom = a;
  let speaker: { chunks: Chunk[]; from: number; at: number; code: string; pattern: VerbPattern } | null = null;
  const speeches: { chunks: Chunk[]; from: number; to: number; code: string; pattern: VerbPattern; at: number }[] = [];
  const uncodedVerbs: number[] = [];

  const mentionOf = (c: Chunk, other: ActorMention | null): ActorMention[] =>
    resolveChunk(c, tokens, input.text, input.state, other?.countryCode ?? null, chunks);

  for (let i = a; i < b; i++) {
    const t = tokens[i]!;
    if (consumed[i - a] || sub[i - a]) continue;
    // 'Turkish shelling of Kurdish targets': a gerund followed by 'of' is a noun.
    const gerundNoun = t.pos === 'VERB' && t.norm.endsWith('ing') && tokens[i + 1]?.norm === 'of' && coder.verbs.nouns.has(t.norm);
    const verbLike = !gerundNoun && (t.pos === 'VERB' || (t.pos === 'ADJ' && coder.verbs.verbs.has(t.lemma)));
    if (verbLike) {
      const prev = tokens[i - 1];
      if (prev?.value === '-' || tokens[i + 1]?.value === '-') continue; // 'Russian-backed', 'war-torn', 'free-trade'
      if (prev && (prev.pos === 'ADP' || GERUND_PREPS.has(prev.norm)) && t.norm.endsWith('ing')) continue; // 'by ceasing', 'for deploying'
      if (prev && prev.pos === 'DET') continue; // 'the occupied West Bank'
      if (prev && consumed[i - 1 - a] && t.norm.endsWith('ing')) continue; // 'prepared to resume shelling'
      // ', killing one person', '... on Sunday calling for': a participle clause after a coded
      // event elaborates on it.
      // 'with the US President pressing ...' has a subject of its own.
      if (t.norm.endsWith('ing') && events.length > 0 && prev?.lemma !== 'be' && prev?.pos !== 'AUX' && !chunks.some((c) => c.last === i)) continue;
      const end = clauseEnd(tokens, chunks, i, b);
      // The lemmatiser errs on some forms ('staged' → 'stag'): fall back to the surface form.
      const patterns = coder.verbs.verbs.get(t.lemma) ?? coder.verbs.verbs.get(t.norm) ?? coder.verbs.verbs.get(t.norm.replace(/e?d$/, '')) ?? coder.verbs.verbs.get(t.norm.replace(/d$/, ''));
      const match = matchAt(patterns, tokens, i, end);
      const group = verbGroup(tokens, i, clauseFrom);
      // Reduced relatives and participle modifiers: 'positions held by', 'a bill signed by'.
      const next = tokens[i + 1];
      if (prev && (prev.pos === 'NOUN' || prev.pos === 'PROPN') && isParticipleForm(t) && !group.passive && group.start === i && (next?.norm === 'by' || (next?.pos === 'ADP' && verbEarlierInClause(tokens, i, clauseFrom)))) {
        continue;
      }
      // An infinitive is coded on its own only after an uncoded verb ('decided to allow').
      if (prev?.norm === 'to' && !match?.pattern.flags.has('speech')) {
        const head = tokens[i - 2];
        if (!head || head.pos !== 'VERB' || triggers.some((tr) => tr.at === i - 2)) continue;
      }
      if (!match) {
        if (t.pos === 'VERB') uncodedVerbs.push(i);
        continue;
      }
      for (const k of match.matched) consumed[k - a] = 1;
      const subject = findSubject(tokens, chunks, i, group, clauseFrom, triggers, uncodedVerbs);
      if (DEBUG) console.error('trigger', t.value, match.pattern.text, subject.map((c) => tokens[c.first]!.value));
      const trig: Trigger = { at: i, match, group, subject, clauseFrom };
      if (match.pattern.flags.has('speech')) {
        if (isAttribution(tokens, subject, i, a)) continue;
        if (speaker) speeches.push({ ...speaker, to: i });
        speaker = { chunks: subject, from: i + 1, at: i, code: match.pattern.code, pattern: match.pattern };
        clauseFrom = i + 1;
        triggers.push(trig);
        continue;
      }
      triggers.push(trig);
      // 'demanded that X ...': the clause is the content of the demand, not an event of its own.
      if (match.pattern.flags.has('clause')) for (let k = i + 1; k < end; k++) consumed[k - a] = 1;
      events.push(...buildEvents(coder, input, tokens, chunks, trig, end, mentionOf, speaker?.chunks ?? null, sub));
      continue;
    }
    if (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'ADJ' || gerundNoun) {
      const nounPatterns = gerundNoun ? coder.verbs.nouns.get(t.norm) : (coder.verbs.nouns.get(t.lemma) ?? coder.verbs.nouns.get(t.norm));
      if (!nounPatterns) continue;
      // A nominal after a coded verb is usually its object ('pressed Turkey to halt strikes').
      if (triggers.length > 0) continue;
      const end = clauseEnd(tokens, chunks, i, b);
      const match = matchAt(nounPatterns, tokens, i, end);
      if (!match) continue;
      for (const k of match.matched) consumed[k - a] = 1;
      const ev = nominalEvent(coder, tokens, chunks, i, match, end, mentionOf);
      events.push(...ev);
    }
  }
  if (speaker) speeches.push({ ...speaker, to: b });
  for (const sp of speeches) events.push(...speechEvents(coder, input, tokens, chunks, sp, events, mentionOf));
  return { events: dedupe(events), chunks };
}

function hasConditionAfter(tokens: Token[], at: number, b: number): boolean {
  // 'unless' makes a threat; 'if' is as often a conditional offer ('would meet him if ...').
  for (let k = at + 1; k < b; k++) if (tokens[k]!.norm === 'unless') return true;
  return false;
}

function verbEarlierInClause(tokens: Token[], at: number, from: number): boolean {
  for (let k = at - 1; k >= from; k--) {
    const t = tokens[k]!;
    if (t.value === ',' || t.value === ';' || CLAUSE_OPENERS.has(t.norm)) return false;
    if (t.pos === 'VERB' && tokens[k - 1]?.value !== '-') return true;
  }
  return false;
}

function attachLocatedSectors(tokens: Token[], chunks: Chunk[]): void {
  // 'rebels in the Ivory Coast', 'the government of Sudan': the country joins the sector word.
  for (let k = 0; k + 1 < chunks.length; k++) {
    const c = chunks[k]!;
    const d = chunks[k + 1]!;
    if (!c.actor.needsCountry || c.pronoun || c.pair || !d.actor.country || d.actor.needsCountry) continue;
    if (!(d.prep === 'in' || d.prep === 'of' || d.prep === 'from')) continue;
    const gap = tokens.slice(c.last, d.first).filter((t) => t.norm !== 'the');
    if (gap.length !== 1) continue;
    c.actor = { ...c.actor, country: d.actor.country, needsCountry: false, entityRef: d.actor.entityRef };
    d.placeOnly = true;
  }
}

function isAttribution(tokens: Token[], subject: Chunk[], at: number, a: number): boolean {
  const prev = tokens[at - 1];
  if (prev && (prev.value === ',' || prev.value === '”' || prev.value === '"' || prev.value === "''")) return true;
  // ', the White House said': a clause with a verb comes before the speaker.
  const first = subject[0];
  const hasVerbBefore = (end: number): boolean => tokens.slice(a, end).some((t) => t.pos === 'VERB');
  if (!first) return at > a + 2 && tokens.slice(a, at).some((t) => t.value === ',') && hasVerbBefore(at);
  let k = first.first - 1;
  while (k >= a && (tokens[k]!.pos === 'DET' || tokens[k]!.pos === 'ADJ')) k--;
  const before = tokens[k];
  return !!before && (before.value === ',' || before.value === '”' || before.value === '"' || before.value === "''") && hasVerbBefore(k);
}

function findSubject(tokens: Token[], chunks: Chunk[], at: number, group: VerbGroup, from: number, triggers: Trigger[], uncoded: number[]): Chunk[] {
  const g = group.start;
  const before = tokens[g - 1];
  // ', urging the counterpart to ...': a participle clause shares the main clause's subject.
  if (before?.value === ',' && tokens[at]!.norm.endsWith('ing')) {
    const prevTrig = [...triggers].reverse().find((tr) => tr.at < g && tr.at >= from);
    if (prevTrig) return prevTrig.subject;
  }
  // 'X attacked Y and killed Z': a conjoined verb shares the subject of the previous verb.
  if (before && (before.norm === 'and' || before.norm === 'but' || before.norm === 'or')) {
    const prevTrig = [...triggers].reverse().find((tr) => tr.at < g && tr.at >= from);
    if (prevTrig) return prevTrig.subject;
    const prevVerb = [...uncoded].reverse().find((v) => v < g && v >= from);
    if (prevVerb !== undefined) return findSubject(tokens, chunks, prevVerb, verbGroup(tokens, prevVerb, from), from, triggers, []);
  }
  // Appositive: 'Pakistan, a key U.S. ally in the war on terror, has refused'.
  if (before?.value === ',') {
    for (let q = g - 2; q >= from; q--) {
      const t = tokens[q]!;
      if (t.pos === 'VERB') break;
      if (t.value === ',') {
        const owner = chunks.findIndex((c) => c.last === q && c.first >= from && c.prep === null);
        if (owner >= 0 && (tokens[q + 1]?.pos === 'DET' || tokens[q + 1]?.pos === 'PROPN')) return conjGroup(chunks, owner).filter((c) => !c.placeOnly);
        break;
      }
    }
  }
  let best = -1;
  for (let k = 0; k < chunks.length; k++) {
    const c = chunks[k]!;
    if (c.first < from || c.last > g) continue;
    if (c.placeOnly) continue;
    if (c.pronoun && c.possessive) continue;
    const absolute = c.prep === 'with' && c.last === g && tokens[at]!.norm.endsWith('ing');
    if (c.prep !== null && !absolute) continue;
    best = k;
  }
  if (best < 0) return [];
  return conjGroup(chunks, best).filter((c) => !c.placeOnly && (c.prep === null || c === chunks[best]));
}

function findTarget(tokens: Token[], chunks: Chunk[], at: number, end: number, subject: Chunk[], root: string, passive: boolean, matched: number[] = []): Chunk[] {
  // A reduced relative ('techniques used against ...') ends the object, unless its agent follows
  // ('positions held by the Kurdish militia': the holder is the target).
  for (let k = at + 2; k < end; k++) {
    const t = tokens[k]!;
    const prev = tokens[k - 1]!;
    if (t.pos === 'VERB' && isParticipleForm(t) && (prev.pos === 'NOUN' || prev.pos === 'PROPN') && tokens[k + 1]?.norm !== 'by' && tokens[k + 1]?.pos === 'ADP') {
      end = k;
      break;
    }
  }
  for (let k = 0; k < chunks.length; k++) {
    const c = chunks[k]!;
    if (c.first <= at || c.first >= end) continue;
    if (subject.includes(c)) continue;
    // 'arrived in Moscow', 'travelled to Beijing': the pattern's own preposition makes the place a target.
    const ownPrep = matched.includes(c.first - 1);
    if (c.placeOnly && !ownPrep) continue;
    if (ownPrep) return conjGroup(chunks, k).filter((x) => x.first > at);
    if (c.pronoun && c.possessive) continue;
    // 'positions held by the Kurdish militia': the owner of the object is the target.
    if (c.prep && NON_TARGET_PREPS.has(c.prep)) continue;
    if (passive && c.prep === 'by') continue;
    if (c.prep && TOPIC_PREPS.has(c.prep) && VERBAL_ONLY.has(root) && root !== '11' && root !== '12' && c.prep !== 'for') continue;
    return conjGroup(chunks, k).filter((x) => x.first > at && !x.placeOnly);
  }
  return [];
}

function agentOf(chunks: Chunk[], at: number, end: number): Chunk[] {
  const k = chunks.findIndex((c) => c.first > at && c.first < end && c.prep === 'by');
  return k >= 0 ? conjGroup(chunks, k) : [];
}

type MentionOf = (c: Chunk, other: ActorMention | null) => ActorMention[];

function applyModality(coder: Coder, code: string, group: VerbGroup, pattern: VerbPattern): { code: string; modality: Modality; negated: boolean } | null {
  const root = code.slice(0, 2);
  let modality: Modality = 'ASSERTED';
  let out = code;
  let negated = group.negated;
  const m = group.modal;
  if (m === 'could' || m === 'might' || m === 'may' || m === 'can') modality = 'HYPOTHETICAL';
  if (!pattern.flags.has('nomodal') && (m === 'will' || m === 'would' || m === 'shall' || m === 'intend' || m === 'going')) {
    modality = 'INTENDED';
    if (!negated && COOPERATIVE.has(root) && coder.verbs.intent.has(root)) out = coder.verbs.intent.get(root)!;
    else if (!negated && CONFLICT.has(root) && coder.verbs.threat.has(root)) out = coder.verbs.threat.get(root)!;
  }
  if (negated) {
    const rej = coder.verbs.reject.get(root);
    if (rej && (root === '03' || COOPERATIVE.has(root))) {
      out = rej;
      negated = false;
    }
  }
  return { code: out, modality, negated };
}

function buildEvents(coder: Coder, input: SentenceInput, tokens: Token[], chunks: Chunk[], trig: Trigger, end: number, mentionOf: MentionOf, speakerChunks: Chunk[] | null, sub: Uint8Array): SentenceEvent[] {
  const p = trig.match.pattern;
  const mod = applyModality(coder, p.code, trig.group, p);
  if (!mod) return [];
  // 'will withdraw its force unless ...': an intention made conditional on the other side is a threat.
  if (mod.modality === 'INTENDED' && !trig.group.negated && mod.code.slice(0, 2) !== '13' && hasConditionAfter(tokens, trig.at, input.span.last)) {
    mod.code = coder.verbs.threat.get(p.code.slice(0, 2)) ?? '130';
  }
  const root = mod.code.slice(0, 2);
  let sourceChunks = trig.subject;
  let targetChunks: Chunk[];
  if (trig.group.passive && !p.flags.has('active')) {
    targetChunks = sourceChunks;
    // 'a camp for Congolese refugees was attacked': the nearest actor before the verb.
    if (targetChunks.length === 0) {
      const k = chunks.reduce((best, c, idx) => (c.last <= trig.group.start && c.first >= trig.clauseFrom && (c.prep === 'of' || c.prep === 'for') ? idx : best), -1);
      if (k >= 0) targetChunks = [chunks[k]!];
    }
    sourceChunks = agentOf(chunks, trig.at, end);
    if (sourceChunks.length === 0 && PLACE_SOURCE_ROOTS.has(p.code.slice(0, 2))) {
      const k = chunks.findIndex((c) => c.placeOnly && c.first > trig.at && c.first < end);
      if (k >= 0) sourceChunks = [{ ...chunks[k]!, placeOnly: false }];
    }
  } else {
    const a = input.span.first;
    const usable = (c: Chunk): boolean => !sub[c.first - a] && !(c.owned && c.actor.needsCountry) && !(OWN_FORCES_ROOTS.has(root) && c.actor.needsCountry && c.actor.sector === 'MIL' && !c.pair && !c.pronoun);
    targetChunks = p.flags.has('notarget') ? [] : findTarget(tokens, chunks.filter(usable), trig.at, end, sourceChunks, root, false, trig.match.matched);
    // 'threatened to stop talks if the United States goes ahead': the condition names the target.
    if (targetChunks.length === 0 && root === '13') {
      const k = chunks.findIndex((c) => c.first > trig.at && sub[c.first - a] === 2 && c.prep === null && !c.pronoun);
      if (k >= 0) targetChunks = conjGroup(chunks, k);
    }
    // A protest, a curfew, a bombing with no target named: aimed at the place where it happens.
    if (targetChunks.length === 0 && PLACE_TARGET_ROOTS.has(root) && !p.flags.has('notarget')) {
      const k = chunks.findIndex((c) => c.first > trig.at && c.first < end && c.placeOnly && !sub[c.first - a]);
      if (k >= 0) targetChunks = [chunks[k]!];
      else if (root === '14') targetChunks = sourceChunks.slice(0, 1).map((c) => ({ ...c, actor: { ...c.actor, sector: null, orgCode: null, person: null } }));
    }
  }
  // 'it will support ...' inside 'Hungary said it will ...': the pronoun is the speaker.
  if (speakerChunks && sourceChunks.length === 1 && sourceChunks[0]!.pronoun && speakerChunks.length > 0) sourceChunks = speakerChunks;
  const recip = p.flags.has('recip');
  const sources = sourceChunks.flatMap((c) => mentionOf(c, null));
  if (sources.length === 0 && !(trig.group.passive && targetChunks.length > 0 && !VERBAL_ONLY.has(root))) return [];
  const firstSource = sources[0] ?? null;
  const targets = targetChunks.flatMap((c) => mentionOf(c, firstSource));
  const resolvedSources = sources.length > 0 ? sourceChunks.flatMap((c) => mentionOf(c, targets[0] ?? null)) : [];
  const out: SentenceEvent[] = [];
  // Appeals and demands addressed to no one are too vague to code.
  if ((root === '02' || root === '10') && targets.length === 0) return [];
  const base = { code: mod.code, negated: mod.negated, modality: mod.modality, pattern: `${p.code} ${p.text.replace(/^\S+\s+/, '')}`, trigger: trig.at };
  if (recip && resolvedSources.length >= 2 && (targets.length === 0 || targetChunks.every((c) => c.prep !== 'with'))) {
    for (const s of resolvedSources) for (const t of resolvedSources) if (s !== t && s.code !== t.code) out.push({ ...base, source: s, target: t, confidence: 0.8 });
    if (out.length > 0) return out;
  }
  if (resolvedSources.length === 0) {
    if (!['17', '18', '19', '20'].includes(root)) return [];
    for (const t of targets) out.push({ ...base, source: null, target: t, confidence: 0.5 });
    return out;
  }
  for (const s of resolvedSources) {
    if (targets.length === 0) out.push({ ...base, source: s, target: null, confidence: 0.6 });
    for (const t of targets) if (t.code !== s.code || t.start !== s.start) out.push({ ...base, source: s, target: t, confidence: 0.85 });
  }
  return out;
}

function nominalEvent(coder: Coder, tokens: Token[], chunks: Chunk[], at: number, match: PatternMatch, end: number, mentionOf: MentionOf): SentenceEvent[] {
  void coder;
  // The actor right before the noun ('Turkish shelling', 'Israel's air strikes') is the source.
  const k = chunks.findIndex((c) => c.last <= at && at - c.last <= 2 && !c.placeOnly && tokens.slice(c.last, at).every((t) => t.pos === 'ADJ' || t.norm === "'s" || t.pos === 'PROPN'));
  if (k < 0) return [];
  const src = chunks[k]!;
  const last = match.matched.length > 0 ? match.matched[match.matched.length - 1]! : at;
  const tk = chunks.findIndex((c) => c.first > last && c.first < Math.min(end, last + 6) && (c.prep === 'of' || c.prep === 'on' || c.prep === 'against' || c.prep === 'with' || c.prep === 'between'));
  const sources = mentionOf(src, null);
  const targets = tk >= 0 ? conjGroup(chunks, tk).flatMap((c) => mentionOf(c, sources[0] ?? null)) : [];
  const p = match.pattern;
  const out: SentenceEvent[] = [];
  for (const s of sources) {
    if (targets.length === 0) out.push({ code: p.code, source: s, target: null, negated: false, modality: 'ASSERTED', pattern: `${p.code} @${p.text.replace(/^\S+\s+/, '')}`, confidence: 0.5, trigger: at });
    for (const t of targets) if (t.code !== s.code) out.push({ code: p.code, source: s, target: t, negated: false, modality: 'ASSERTED', pattern: `${p.code} ${p.text.replace(/^\S+\s+/, '')}`, confidence: 0.6, trigger: at });
  }
  return out;
}

function speechEvents(
  coder: Coder,
  input: SentenceInput,
  tokens: Token[],
  chunks: Chunk[],
  sp: { chunks: Chunk[]; from: number; to: number; code: string; pattern: VerbPattern; at: number },
  events: SentenceEvent[],
  mentionOf: MentionOf,
): SentenceEvent[] {
  const speakers = sp.chunks.flatMap((c) => mentionOf(c, null));
  if (speakers.length === 0) return [];
  // 'X said Y must return ...': a demand by X on Y; the demanded act is not itself an event.
  for (let k = sp.from; k < sp.to; k++) {
    const t = tokens[k]!;
    const isModal = DEMAND_MODALS.has(t.norm) || ((t.lemma === 'have' || t.lemma === 'need') && tokens[k + 1]?.norm === 'to' && tokens[k + 2]?.pos === 'VERB');
    if (!isModal) continue;
    const subj = chunks.filter((c) => c.first >= sp.from && c.last <= k && c.prep === null && !c.placeOnly && !(c.pronoun && c.possessive));
    if (subj.length === 0) break;
    const lastIdx = chunks.indexOf(subj[subj.length - 1]!);
    const group = conjGroup(chunks, lastIdx).filter((c) => c.first >= sp.from);
    const embedded = events.filter((e) => e.trigger > k && e.trigger < sp.to);
    const root = embedded[0]?.code.slice(0, 2) ?? '00';
    const code = coder.verbs.demand.get(root) ?? coder.verbs.demand.get('00') ?? '100';
    for (const e of embedded) events.splice(events.indexOf(e), 1);
    const out: SentenceEvent[] = [];
    for (const s of speakers)
      for (const c of group)
        for (const t of mentionOf(c, s)) if (t.code !== s.code) out.push({ code, source: s, target: t, negated: false, modality: 'ASSERTED', pattern: `${code} say .. must`, confidence: 0.7, trigger: sp.at });
    return out;
  }
  const inside = events.some((e) => e.trigger > sp.at && e.trigger < sp.to);
  if (inside) return [];
  // Nothing coded in the reported clause: a statement by the speaker about the first actor in it.
  const first = chunks.find((c) => c.first >= sp.from && c.first < sp.to && !c.placeOnly && (c.prep === null || c.possessive) && !c.pronoun);
  if (!first) return [];
  const out: SentenceEvent[] = [];
  const code = sp.pattern.code;
  for (const s of speakers)
    for (const t of mentionOf(first, s))
      if (t.countryCode !== s.countryCode || t.code !== s.code) out.push({ code, source: s, target: t, negated: false, modality: 'REPORTED', pattern: `${code} ${sp.pattern.text.replace(/^\S+\s+/, '')}`, confidence: 0.4, trigger: sp.at });
  void input;
  return out;
}

function dedupe(events: SentenceEvent[]): SentenceEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const key = `${e.source?.code ?? ''}|${e.target?.code ?? ''}|${e.code}|${e.source?.start ?? -1}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type { ActorRef };
