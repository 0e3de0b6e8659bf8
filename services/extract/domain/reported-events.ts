// Events that do not come from a plain verb: nominal events ('Turkish shelling of Kurdish
// targets') and reported speech ('X said Y must ...' → a demand by X on Y).
import type { Chunk } from './actors.ts';
import type { Coder } from './coder.ts';
import { conjGroup } from './roles.ts';
import type { MentionOf, SentenceEvent } from './sentence-types.ts';
import type { Token } from './types.ts';
import type { PatternMatch, VerbPattern } from './verb-dictionary.ts';

const DEMAND_MODALS = new Set(['must', 'should', 'ought']);

export function nominalEvent(
  tokens: Token[],
  chunks: Chunk[],
  at: number,
  match: PatternMatch,
  end: number,
  mentionOf: MentionOf,
): SentenceEvent[] {
  // The actor right before the noun ('Turkish shelling', 'Israel's air strikes') is the source.
  const k = chunks.findIndex(
    (c) =>
      c.last <= at &&
      at - c.last <= 2 &&
      !c.placeOnly &&
      tokens.slice(c.last, at).every((t) => t.pos === 'ADJ' || t.norm === "'s" || t.pos === 'PROPN'),
  );
  if (k < 0) return [];
  const src = chunks[k]!;
  const last = match.matched.length > 0 ? match.matched[match.matched.length - 1]! : at;
  const tk = chunks.findIndex(
    (c) =>
      c.first > last &&
      c.first < Math.min(end, last + 6) &&
      (c.prep === 'of' ||
        c.prep === 'on' ||
        c.prep === 'against' ||
        c.prep === 'with' ||
        c.prep === 'between'),
  );
  const sources = mentionOf(src, null);
  const targets = tk >= 0 ? conjGroup(chunks, tk).flatMap((c) => mentionOf(c, sources[0] ?? null)) : [];
  const p = match.pattern;
  const out: SentenceEvent[] = [];
  for (const s of sources) {
    if (targets.length === 0)
      out.push({
        code: p.code,
        source: s,
        target: null,
        negated: false,
        modality: 'ASSERTED',
        pattern: `${p.code} @${p.text.replace(/^\S+\s+/, '')}`,
        confidence: 0.5,
        trigger: at,
      });
    for (const t of targets)
      if (t.code !== s.code)
        out.push({
          code: p.code,
          source: s,
          target: t,
          negated: false,
          modality: 'ASSERTED',
          pattern: `${p.code} ${p.text.replace(/^\S+\s+/, '')}`,
          confidence: 0.6,
          trigger: at,
        });
  }
  return out;
}

export function speechEvents(
  coder: Coder,
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
    const isModal =
      DEMAND_MODALS.has(t.norm) ||
      ((t.lemma === 'have' || t.lemma === 'need') &&
        tokens[k + 1]?.norm === 'to' &&
        tokens[k + 2]?.pos === 'VERB');
    if (!isModal) continue;
    const subj = chunks.filter(
      (c) =>
        c.first >= sp.from && c.last <= k && c.prep === null && !c.placeOnly && !(c.pronoun && c.possessive),
    );
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
        for (const t of mentionOf(c, s))
          if (t.code !== s.code)
            out.push({
              code,
              source: s,
              target: t,
              negated: false,
              modality: 'ASSERTED',
              pattern: `${code} say .. must`,
              confidence: 0.7,
              trigger: sp.at,
            });
    return out;
  }
  const inside = events.some((e) => e.trigger > sp.at && e.trigger < sp.to);
  if (inside) return [];
  // Nothing coded in the reported clause: a statement by the speaker about the first actor in it.
  const first = chunks.find(
    (c) =>
      c.first >= sp.from &&
      c.first < sp.to &&
      !c.placeOnly &&
      (c.prep === null || c.possessive) &&
      !c.pronoun,
  );
  if (!first) return [];
  const out: SentenceEvent[] = [];
  const code = sp.pattern.code;
  for (const s of speakers)
    for (const t of mentionOf(first, s))
      if (t.countryCode !== s.countryCode || t.code !== s.code)
        out.push({
          code,
          source: s,
          target: t,
          negated: false,
          modality: 'REPORTED',
          pattern: `${code} ${sp.pattern.text.replace(/^\S+\s+/, '')}`,
          confidence: 0.4,
          trigger: sp.at,
        });
  return out;
}
