// Codes one sentence: finds event triggers (verb and noun patterns), their source and target
// actors, modality and negation, and turns them into draft events. Shallow, rule-based and
// deterministic: no parser, only POS tags, lemmas and the dictionaries.
import type { Chunk } from './actors.ts';
import { findChunks } from './actors.ts';
import { subordinateMask, verbGroup, type VerbGroup } from './clauses.ts';
import type { Coder } from './coder.ts';
import { resolveChunk } from './coreference.ts';
import { nominalEvent, speechEvents } from './reported-events.ts';
import {
  agentOf,
  attachLocatedSectors,
  clauseEnd,
  conjGroup,
  findSubject,
  findTarget,
  hasConditionAfter,
  isAttribution,
  isParticipleForm,
  verbEarlierInClause,
  VERBAL_ONLY,
} from './roles.ts';
import type { MentionOf, SentenceEvent, SentenceInput, Trigger } from './sentence-types.ts';
import type { ActorMention, Modality, Token } from './types.ts';
import { matchAt, type VerbPattern } from './verb-dictionary.ts';

export type { SentenceEvent, SentenceInput } from './sentence-types.ts';

// Roots whose bare 'troops' / 'forces' object is the actor's own ('withdrew its troops').
const OWN_FORCES_ROOTS = new Set(['03', '07', '08', '15', '16']);
// Roots whose event, with no target named, is aimed at the place where it happens.
const PLACE_TARGET_ROOTS = new Set(['08', '13', '14', '16', '17', '18', '19']);
// Passive events with no agent whose source is the country where they happen ('was arrested in Lebanon').
// So are attacks nobody is named for ('was killed in Iraq'): CAMEO coders give the place's country.
const PLACE_SOURCE_ROOTS = new Set(['09', '11', '16', '17', '18', '19', '20']);
const ASSAULT_ROOTS = new Set(['18', '19', '20']);
const GERUND_PREPS = new Set([
  'for',
  'of',
  'by',
  'in',
  'on',
  'about',
  'without',
  'after',
  'before',
  'from',
  'against',
  'with',
  'through',
  'while',
]);
const COOPERATIVE = new Set(['02', '03', '04', '05', '06', '07', '08']);
const CONFLICT = new Set(['09', '14', '15', '16', '17', '18', '19', '20']);

export function codeSentence(
  coder: Coder,
  input: SentenceInput,
): { events: SentenceEvent[]; chunks: Chunk[] } {
  const { tokens, span } = input;
  const a = span.first;
  const b = span.last;
  const chunks = findChunks(coder.actors, tokens, a, b, input.date);
  // No actor, no pronoun, no place: nothing to be a source or a target, so no event.
  if (chunks.length === 0) return { events: [], chunks };
  attachLocatedSectors(tokens, chunks);
  const st: SentenceState = {
    coder,
    input,
    tokens,
    chunks,
    a,
    b,
    sub: subordinateMask(tokens, a, b),
    consumed: new Uint8Array(b - a),
    events: [],
    triggers: [],
    clauseFrom: a,
    speaker: null,
    speeches: [],
    uncodedVerbs: [],
    mentionOf: (c, other) =>
      resolveChunk(c, tokens, input.text, input.state, other?.countryCode ?? null, chunks),
  };
  const { consumed, sub } = st;
  for (let i = a; i < b; i++) {
    const t = tokens[i]!;
    if (consumed[i - a] || sub[i - a]) continue;
    // 'Turkish shelling of Kurdish targets': a gerund followed by 'of' is a noun.
    const gerundNoun =
      t.pos === 'VERB' &&
      t.norm.endsWith('ing') &&
      tokens[i + 1]?.norm === 'of' &&
      coder.verbs.nouns.has(t.norm);
    // The tagger calls some past tenses nouns ('Police in Egypt tortured detainees'): a trigger
    // in -ed right after an actor is the verb.
    const mistagged =
      t.pos === 'NOUN' &&
      t.norm.endsWith('ed') &&
      chunks.some((c) => c.last === i) &&
      (coder.verbs.verbs.has(t.norm.slice(0, -1)) || coder.verbs.verbs.has(t.norm.slice(0, -2)));
    const verbLike =
      !gerundNoun && (t.pos === 'VERB' || mistagged || (t.pos === 'ADJ' && coder.verbs.own.has(t.lemma)));
    if (verbLike) codeVerbAt(st, i);
    else if (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'ADJ' || gerundNoun)
      codeNounAt(st, i, gerundNoun);
  }
  const { events, speeches } = st;
  if (st.speaker) speeches.push({ ...st.speaker, to: b });
  for (const sp of speeches) events.push(...speechEvents(coder, tokens, chunks, sp, events, st.mentionOf));
  return { events: dedupe(events), chunks };
}

type Speaker = { chunks: Chunk[]; from: number; at: number; code: string; pattern: VerbPattern };

/** What coding one sentence has seen so far, word by word. */
interface SentenceState {
  coder: Coder;
  input: SentenceInput;
  tokens: Token[];
  chunks: Chunk[];
  /** The sentence's first token and the one after its last. */
  a: number;
  b: number;
  /** Tokens in subordinate clauses (see subordinateMask). */
  sub: Uint8Array;
  /** Tokens a pattern has matched already. */
  consumed: Uint8Array;
  events: SentenceEvent[];
  triggers: Trigger[];
  /** Where the current clause starts (after a speech verb). */
  clauseFrom: number;
  /** The speaker of the speech verb met last, whose content runs until the next one. */
  speaker: Speaker | null;
  speeches: (Speaker & { to: number })[];
  uncodedVerbs: number[];
  mentionOf: MentionOf;
}

/** A verb at token i: its patterns, unless it modifies a noun or belongs to a clause already coded. */
function codeVerbAt(st: SentenceState, i: number): void {
  const { coder, input, tokens, chunks, a, b, sub, consumed, events, triggers, speeches, uncodedVerbs } = st;
  const t = tokens[i]!;
  const prev = tokens[i - 1];
  if (prev?.value === '-' || tokens[i + 1]?.value === '-') return; // 'Russian-backed', 'war-torn', 'free-trade'
  if (prev && (prev.pos === 'ADP' || GERUND_PREPS.has(prev.norm)) && t.norm.endsWith('ing')) return; // 'by ceasing', 'for deploying'
  if (prev && prev.pos === 'DET') return; // 'the occupied West Bank'
  // 'urged combined Russian-separatist forces': a participle right after a verb modifies its object.
  if (prev?.pos === 'VERB' && isParticipleForm(t) && t.norm.endsWith('ed') && tokens[i + 1]?.pos !== 'ADP')
    return;
  if (prev && consumed[i - 1 - a] && t.norm.endsWith('ing')) return; // 'prepared to resume shelling'
  // ', killing one person', '... on Sunday calling for': a participle clause after a coded
  // event elaborates on it.
  // 'with the US President pressing ...' has a subject of its own.
  // 'was still refusing' is a verb group of its own: adverbs between do not count.
  let aux = i - 1;
  while (aux > a && tokens[aux]!.pos === 'ADV') aux--;
  if (
    t.norm.endsWith('ing') &&
    events.length > 0 &&
    tokens[aux]?.lemma !== 'be' &&
    tokens[aux]?.pos !== 'AUX' &&
    !chunks.some((c) => c.last === i)
  )
    return;
  // The lemmatiser errs on some forms ('staged' → 'stag'): fall back to the surface form.
  const patterns =
    coder.verbs.verbs.get(t.lemma) ??
    coder.verbs.verbs.get(t.norm) ??
    (t.norm.endsWith('d')
      ? (coder.verbs.verbs.get(t.norm.replace(/e?d$/, '')) ?? coder.verbs.verbs.get(t.norm.slice(0, -1)))
      : undefined);
  if (!patterns) {
    if (t.pos === 'VERB') uncodedVerbs.push(i);
    return;
  }
  const end = clauseEnd(tokens, i, b);
  const match = matchAt(patterns, tokens, i, end, st.clauseFrom, coder.verbs.anchors.get(patterns));
  const group = verbGroup(tokens, i, st.clauseFrom);
  // Reduced relatives and participle modifiers: 'positions held by', 'a bill signed by'.
  const next = tokens[i + 1];
  if (
    prev &&
    (prev.pos === 'NOUN' || prev.pos === 'PROPN') &&
    isParticipleForm(t) &&
    !group.passive &&
    group.start === i &&
    (next?.norm === 'by' || (next?.pos === 'ADP' && verbEarlierInClause(tokens, i, st.clauseFrom)))
  ) {
    return;
  }
  // An infinitive is coded on its own only after an uncoded verb ('decided to allow').
  if (prev?.norm === 'to' && !match?.pattern.flags.has('speech')) {
    const head = tokens[i - 2];
    const imminent = head?.norm === 'about';
    if (!head || (head.pos !== 'VERB' && !imminent) || triggers.some((tr) => tr.at === i - 2)) return;
  }
  // 'pressing X to play a role and stop …': a bare verb conjoined to an infinitive is one
  // too, coded only when that infinitive was.
  if (prev && (prev.norm === 'and' || prev.norm === 'or') && t.norm === t.lemma) {
    let k = i - 2;
    while (k > st.clauseFrom && tokens[k]!.pos !== 'VERB') k--;
    if (tokens[k]?.pos === 'VERB' && tokens[k - 1]?.norm === 'to' && !triggers.some((tr) => tr.at === k))
      return;
  }
  if (!match) {
    if (t.pos === 'VERB') uncodedVerbs.push(i);
    return;
  }
  for (const k of match.matched) consumed[k - a] = 1;
  // A pattern coded '---' recognises a use of the verb that is no event ('halt the search').
  if (!match.pattern.code && !match.pattern.reverse) return;
  const subject = findSubject(tokens, chunks, i, group, st.clauseFrom, triggers, uncodedVerbs);
  const trig: Trigger = { at: i, match, group, subject, clauseFrom: st.clauseFrom };
  if (match.pattern.flags.has('speech')) {
    if (isAttribution(tokens, subject, i, a)) return;
    if (st.speaker) speeches.push({ ...st.speaker, to: i });
    st.speaker = { chunks: subject, from: i + 1, at: i, code: match.pattern.code, pattern: match.pattern };
    st.clauseFrom = i + 1;
    triggers.push(trig);
    return;
  }
  triggers.push(trig);
  // 'demanded that X ...': the clause is the content of the demand, not an event of its own.
  if (match.pattern.flags.has('clause')) for (let k = i + 1; k < end; k++) consumed[k - a] = 1;
  events.push(
    ...pairedEvents(trig, (t) =>
      buildEvents(coder, input, tokens, chunks, t, end, st.mentionOf, st.speaker?.chunks ?? null, sub),
    ),
  );
}

/** A nominal event at token i ('the shelling of ...'), unless a coded verb came before it. */
function codeNounAt(st: SentenceState, i: number, gerundNoun: boolean): void {
  const { coder, tokens, chunks, a, b, consumed, events, triggers, mentionOf } = st;
  const t = tokens[i]!;
  const nounPatterns = gerundNoun
    ? coder.verbs.nouns.get(t.norm)
    : (coder.verbs.nouns.get(t.lemma) ?? coder.verbs.nouns.get(t.norm));
  if (!nounPatterns) return;
  // A nominal after a coded verb is usually its object ('pressed Turkey to halt strikes').
  if (triggers.length > 0) return;
  const end = clauseEnd(tokens, i, b);
  const match = matchAt(nounPatterns, tokens, i, end, undefined, coder.verbs.anchors.get(nounPatterns));
  if (!match) return;
  for (const k of match.matched) consumed[k - a] = 1;
  const ev = nominalEvent(tokens, chunks, i, match, end, mentionOf);
  events.push(...ev);
}

function swapped(events: SentenceEvent[]): SentenceEvent[] {
  return events.filter((e) => e.target).map((e) => ({ ...e, source: e.target, target: e.source }));
}

/**
 * The events of a trigger under its pattern's code, and under the paired code with the roles
 * exchanged ('X visited Y' [042:043]: X→Y 042 and Y→X 043). A pattern that names its source
 * after the verb or its target before it ('+ *', '* $') exchanges the roles of both.
 */
function pairedEvents(trig: Trigger, build: (t: Trigger) => SentenceEvent[]): SentenceEvent[] {
  const p = trig.match.pattern;
  const out: SentenceEvent[] = [];
  if (p.code) {
    const forward = build(trig);
    out.push(...(p.swap ? swapped(forward) : forward));
  }
  if (p.reverse) {
    const back = build({ ...trig, match: { ...trig.match, pattern: { ...p, code: p.reverse } } });
    out.push(...(p.swap ? back : swapped(back)));
  }
  return out;
}

const NEGATIONS = new Set(['not', "n't", 'never', 'no']);
const MODALS = new Set(['will', 'would', 'wo', "'ll", 'shall', 'could', 'might', 'may', 'can', 'ca']);

/**
 * The verb group as far as the pattern leaves it open: negation or a modal that the pattern
 * itself names before the verb ('&NEGATVAUXVRB *', 'WOULD_*') is part of what the pattern codes.
 */
function patternGroup(tokens: Token[], trig: Trigger): VerbGroup {
  const before = trig.match.before;
  // 'gave no order to …', 'made no concession': 'no' before the pattern's object negates it
  // ('No. 2 Detention Centre' is a number).
  const object = trig.match.matched[0];
  if (object !== undefined && !trig.group.negated)
    for (let k = trig.at + 1; k < object; k++)
      if (tokens[k]!.norm === 'no' && !/^[.\d]/.test(tokens[k + 1]?.norm ?? ''))
        return { ...trig.group, negated: true };
  if (before.length === 0) return trig.group;
  const words = before.map((k) => tokens[k]!.norm);
  const negated = trig.group.negated && !words.some((w) => NEGATIONS.has(w));
  const modal = words.some((w) => MODALS.has(w)) ? null : trig.group.modal;
  return { ...trig.group, negated, modal };
}

function applyModality(
  coder: Coder,
  code: string,
  group: VerbGroup,
  pattern: VerbPattern,
): { code: string; modality: Modality; negated: boolean } | null {
  const root = code.slice(0, 2);
  let modality: Modality = 'ASSERTED';
  let out = code;
  let negated = group.negated;
  const m = group.modal;
  if (m === 'could' || m === 'might' || m === 'may' || m === 'can') modality = 'HYPOTHETICAL';
  if (
    !pattern.flags.has('nomodal') &&
    (m === 'will' || m === 'would' || m === 'shall' || m === 'intend' || m === 'going')
  ) {
    modality = 'INTENDED';
    if (!negated && COOPERATIVE.has(root) && coder.verbs.intent.has(root))
      out = coder.verbs.intent.get(root)!;
    else if (!negated && CONFLICT.has(root) && coder.verbs.threat.has(root))
      out = coder.verbs.threat.get(root)!;
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

function buildEvents(
  coder: Coder,
  input: SentenceInput,
  tokens: Token[],
  chunks: Chunk[],
  trig: Trigger,
  end: number,
  mentionOf: MentionOf,
  speakerChunks: Chunk[] | null,
  sub: Uint8Array,
): SentenceEvent[] {
  const p = trig.match.pattern;
  const mod = modalityOf(coder, input, tokens, trig);
  if (!mod) return [];
  let root = mod.code.slice(0, 2);
  let sourceChunks = trig.subject;
  let targetChunks: Chunk[];
  if (trig.group.passive && !p.flags.has('active')) {
    ({ sourceChunks, targetChunks } = passiveActors(chunks, trig, end));
  } else {
    targetChunks = activeTargets({ input, tokens, chunks, trig, end, sub }, sourceChunks, root);
  }
  // 'weighing a joint ground assault with Saudi troops': the actor 'with' whom a joint
  // operation is run is a partner, not a target: military cooperation (intended while only
  // weighed, threatened or planned).
  if (JOINT_ROOTS.has(root) && isJointPartner(tokens, trig.at, targetChunks)) {
    mod.code = root === '13' || mod.modality !== 'ASSERTED' ? '0312' : '062';
    root = mod.code.slice(0, 2);
  }
  // 'it will support ...' inside 'Hungary said it will ...': the pronoun is the speaker.
  if (speakerChunks && sourceChunks.length === 1 && sourceChunks[0]!.pronoun && speakerChunks.length > 0)
    sourceChunks = speakerChunks;
  // 'A roadside bombing near Samarra killed a U.S. soldier': an attack with no named attacker
  // is coded from the country where it happened, as CAMEO coders do.
  if (sourceChunks.length === 0 && ASSAULT_ROOTS.has(root)) {
    const place = chunks.find((c) => c.placeOnly && !targetChunks.includes(c) && !c.actor.needsCountry);
    if (place) sourceChunks = [{ ...place, placeOnly: false, actor: { ...place.actor, sector: null } }];
  }
  return pairActors(trig, mod, root, sourceChunks, targetChunks, mentionOf);
}

const JOINT_ROOTS = new Set(['13', '15', '18', '19', '20']);
const JOINT_WORDS = new Set(['joint', 'jointly', 'together']);

/** The targets are all introduced by 'with', after 'joint', 'jointly' or 'together' (from the trigger on). */
function isJointPartner(tokens: Token[], at: number, targets: Chunk[]): boolean {
  if (targets.length === 0 || !targets.every((c) => c.prep === 'with')) return false;
  for (let k = at; k < targets[0]!.first; k++) if (JOINT_WORDS.has(tokens[k]!.norm)) return true;
  return false;
}

type CodedModality = NonNullable<ReturnType<typeof applyModality>>;

/** The event code with its modality; an intention made conditional on the other side is a threat. */
function modalityOf(
  coder: Coder,
  input: SentenceInput,
  tokens: Token[],
  trig: Trigger,
): CodedModality | null {
  const p = trig.match.pattern;
  const mod = applyModality(coder, p.code, patternGroup(tokens, trig), p);
  if (!mod) return null;
  // 'will withdraw its force unless ...': an intention made conditional on the other side is a threat.
  if (
    mod.modality === 'INTENDED' &&
    !trig.group.negated &&
    mod.code.slice(0, 2) !== '13' &&
    hasConditionAfter(tokens, trig.at, input.span.last)
  ) {
    mod.code = coder.verbs.threat.get(p.code.slice(0, 2)) ?? '130';
  }
  return mod;
}

/** A passive verb: its subject is the target, the 'by' agent (or a place, for some roots) the source. */
function passiveActors(
  chunks: Chunk[],
  trig: Trigger,
  end: number,
): { sourceChunks: Chunk[]; targetChunks: Chunk[] } {
  const p = trig.match.pattern;
  let targetChunks = trig.subject;
  // 'a camp for Congolese refugees was attacked': the nearest actor before the verb.
  if (targetChunks.length === 0) {
    const k = chunks.reduce(
      (best, c, idx) =>
        c.last <= trig.group.start && c.first >= trig.clauseFrom && (c.prep === 'of' || c.prep === 'for')
          ? idx
          : best,
      -1,
    );
    if (k >= 0) targetChunks = [chunks[k]!];
  }
  let sourceChunks = agentOf(chunks, trig.at, end);
  if (sourceChunks.length === 0 && PLACE_SOURCE_ROOTS.has(p.code.slice(0, 2))) {
    const k = chunks.findIndex((c) => c.placeOnly && c.first > trig.at && c.first < end);
    if (k >= 0) sourceChunks = [{ ...chunks[k]!, placeOnly: false }];
  }
  return { sourceChunks, targetChunks };
}

interface ClauseScope {
  input: SentenceInput;
  tokens: Token[];
  chunks: Chunk[];
  trig: Trigger;
  end: number;
  sub: Uint8Array;
}

/** An active verb's target: after the verb, where the pattern says, in a condition, or the place. */
function activeTargets(scope: ClauseScope, sourceChunks: Chunk[], root: string): Chunk[] {
  const { input, tokens, chunks, trig, end, sub } = scope;
  const p = trig.match.pattern;
  let targetChunks: Chunk[];
  const a = input.span.first;
  const usable = (c: Chunk): boolean =>
    !sub[c.first - a] &&
    !(c.owned && c.actor.needsCountry) &&
    !(
      OWN_FORCES_ROOTS.has(root) &&
      c.actor.needsCountry &&
      c.actor.sector === 'MIL' &&
      !c.pair &&
      !c.pronoun
    );
  targetChunks = p.flags.has('notarget')
    ? []
    : findTarget(tokens, chunks.filter(usable), trig.at, end, sourceChunks, root, false, trig.match.matched);
  // A PETRARCH pattern that says where its target stands ('* IFTAR IN ^ WITH +').
  const from = trig.match.targetFrom;
  if (from !== undefined) {
    const k = chunks.findIndex((c) => c.first > from && c.first < end && !sub[c.first - a] && !c.pronoun);
    if (k >= 0) targetChunks = conjGroup(chunks, k).filter((c) => c.first > from);
  }
  // 'threatened to stop talks if the United States goes ahead': the condition names the target.
  if (targetChunks.length === 0 && root === '13') {
    const k = chunks.findIndex(
      (c) => c.first > trig.at && sub[c.first - a] === 2 && c.prep === null && !c.pronoun,
    );
    if (k >= 0) targetChunks = conjGroup(chunks, k);
  }
  // A protest, a curfew, a bombing with no target named: aimed at the place where it happens.
  if (targetChunks.length === 0 && PLACE_TARGET_ROOTS.has(root) && !p.flags.has('notarget')) {
    const k = chunks.findIndex((c) => c.first > trig.at && c.first < end && c.placeOnly && !sub[c.first - a]);
    if (k >= 0) targetChunks = [chunks[k]!];
    else if (root === '14')
      targetChunks = sourceChunks
        .slice(0, 1)
        .map((c) => ({ ...c, actor: { ...c.actor, sector: null, orgCode: null, person: null } }));
  }
  return targetChunks;
}

/** The events between the source and target mentions: reciprocal pairs, sourceless attacks, source × target. */
function pairActors(
  trig: Trigger,
  mod: CodedModality,
  root: string,
  sourceChunks: Chunk[],
  targetChunks: Chunk[],
  mentionOf: MentionOf,
): SentenceEvent[] {
  const p = trig.match.pattern;
  const recip = p.flags.has('recip');
  const sources = sourceChunks.flatMap((c) => mentionOf(c, null));
  if (sources.length === 0 && !(trig.group.passive && targetChunks.length > 0 && !VERBAL_ONLY.has(root)))
    return [];
  const firstSource = sources[0] ?? null;
  const targets = targetChunks.flatMap((c) => mentionOf(c, firstSource));
  const resolvedSources =
    sources.length > 0 ? sourceChunks.flatMap((c) => mentionOf(c, targets[0] ?? null)) : [];
  const out: SentenceEvent[] = [];
  // A PETRARCH pattern codes an event only between two actors (PETRARCH's require_dyad).
  if (p.flags.has('dyad') && (targets.length === 0 || sources.length === 0)) return [];
  // Appeals, demands and consultations addressed to no one are too vague to code (a
  // conjoined subject of a reciprocal verb supplies its own partner below).
  if (
    (root === '02' || root === '10' || (root === '04' && !(recip && sources.length >= 2))) &&
    targets.length === 0
  )
    return [];
  const base = {
    code: mod.code,
    negated: mod.negated,
    modality: mod.modality,
    pattern: `${p.code} ${p.text.replace(/^\S+\s+/, '')}`,
    trigger: trig.at,
  };
  if (
    recip &&
    resolvedSources.length >= 2 &&
    (targets.length === 0 || targetChunks.every((c) => c.prep !== 'with'))
  ) {
    for (const s of resolvedSources)
      for (const t of resolvedSources)
        if (s !== t && s.code !== t.code) out.push({ ...base, source: s, target: t, confidence: 0.8 });
    if (out.length > 0) return out;
  }
  if (resolvedSources.length === 0) {
    if (!['17', '18', '19', '20'].includes(root)) return [];
    for (const t of targets) out.push({ ...base, source: null, target: t, confidence: 0.5 });
    return out;
  }
  for (const s of resolvedSources) {
    if (targets.length === 0) out.push({ ...base, source: s, target: null, confidence: 0.6 });
    for (const t of targets)
      if (t.code !== s.code || t.start !== s.start)
        out.push({ ...base, source: s, target: t, confidence: 0.85 });
  }
  return out;
}

function sameEntity(a: ActorMention | null, b: ActorMention | null): boolean {
  if (!a || !b) return false;
  const viaPronoun = a.resolvedBy === 'coreference' || b.resolvedBy === 'coreference';
  if (viaPronoun && a.entityRef && a.entityRef === b.entityRef && a.code === b.code) return true;
  return a.start === b.start && a.end === b.end && a.code === b.code;
}

function dedupe(events: SentenceEvent[]): SentenceEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    // 'Trump ... he': an actor acting on itself through a pronoun is a coreference slip.
    if (sameEntity(e.source, e.target)) return false;
    const key = `${e.source?.code ?? ''}|${e.target?.code ?? ''}|${e.code}|${e.source?.start ?? -1}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
