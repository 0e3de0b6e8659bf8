// Where an event happened: a place in the clause of the event, else in its sentence, else the
// article's focus. Places that are the actors themselves ('Turkey shelled ...') are not locations,
// nor are names in the possessive ('US’ concern over ...'); a name after a locative preposition
// ('in northern Syria') wins over the other names of its clause.
import { isLocativeUse, isPossessiveUse, type GeoPlace } from '../../geo/index.ts';
import { argMax } from './arg-max.ts';

export interface LocatableEvent {
  sentence: { start: number; end: number; text: string };
  source: { start: number; end: number };
  target: { start: number; end: number } | null;
}

/** Words and marks that open a new clause inside a sentence. */
const CLAUSE_BREAK =
  /[;:—–]|,\s+(?:and|but|while|whereas|as|after|before|when|which|who|where)\b|\b(?:while|whereas|but)\b/g;

const SPECIFICITY: Record<string, number> = {
  city: 4,
  region: 3,
  'world-region': 1,
  water: 1,
  country: 2,
  continent: 0,
  supranational: 0,
};

function specificity(p: GeoPlace): number {
  return SPECIFICITY[p.featureType ?? ''] ?? 1;
}

/** [start, end) of the clause around an offset of the article text. */
function clauseAround(sentence: LocatableEvent['sentence'], at: number): [number, number] {
  let start = sentence.start;
  let end = sentence.end;
  for (const m of sentence.text.matchAll(CLAUSE_BREAK)) {
    const pos = sentence.start + m.index;
    if (pos < at) start = pos + m[0].length;
    else if (pos >= at) {
      end = pos;
      break;
    }
  }
  return [start, end];
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number } | null): boolean {
  return !!b && b.start >= 0 && Math.min(a.end, b.end) > Math.max(a.start, b.start);
}

function best(places: GeoPlace[], locative: (p: GeoPlace) => boolean = () => false): GeoPlace | null {
  return argMax(places, (p) => (locative(p) ? 10 : 0) + specificity(p), -1);
}

/**
 * The event's location. `isDemonym` tells adjectives ('Syrian') from names; an adjective is
 * used only when nothing better is in the sentence.
 */
export function chooseEventLocation(
  event: LocatableEvent,
  places: readonly GeoPlace[],
  articleFocus: GeoPlace | null,
  isDemonym: (p: GeoPlace) => boolean = () => false,
): GeoPlace | null {
  const inSentence = places.filter(
    (p) =>
      p.start >= event.sentence.start &&
      p.end <= event.sentence.end &&
      !overlaps(p, event.source) &&
      !overlaps(p, event.target),
  );
  // Offsets of places are into the article; the sentence text starts at sentence.start.
  const text = event.sentence.text;
  const at = (offset: number) => offset - event.sentence.start;
  const locative = (p: GeoPlace) => isLocativeUse(text, at(p.start));
  const names = inSentence.filter((p) => !isDemonym(p) && !isPossessiveUse(text, at(p.end)));
  const anchors = [event.source, event.target].filter(
    (a): a is { start: number; end: number } => !!a && a.start >= 0,
  );
  for (const a of anchors) {
    const [cs, ce] = clauseAround(event.sentence, a.start);
    const inClause = names.filter((p) => p.start >= cs && p.end <= ce);
    if (inClause.length) return best(inClause, locative);
  }
  if (names.length) return best(names, locative);
  if (articleFocus) return articleFocus;
  return best(inSentence);
}

/** The article's focus: the place named most often (ties: the first named), as an inferred place. */
export function articleFocus(
  places: readonly GeoPlace[],
  isDemonym: (p: GeoPlace) => boolean = () => false,
): GeoPlace | null {
  const counts = new Map<string, { place: GeoPlace; n: number; first: number }>();
  for (const p of places) {
    if (isDemonym(p)) continue;
    const key = p.geonameId !== null ? `id:${p.geonameId}` : p.fullName;
    const c = counts.get(key);
    if (c) c.n++;
    else counts.set(key, { place: p, n: 1, first: p.start });
  }
  let top: { place: GeoPlace; n: number; first: number } | undefined;
  for (const c of counts.values()) if (!top || c.n > top.n || (c.n === top.n && c.first < top.first)) top = c;
  if (!top) return null;
  return { ...top.place, name: top.place.fullName, qualifier: null, start: -1, end: -1 };
}
