// Article-level memory of the actors named so far, and the resolution of a chunk (pronoun,
// 'the two leaders', 'the President', a bare sector word) to concrete actor mentions.
import type { Chunk, ChunkActor } from './actors.ts';
import type { ActorMention, Token } from './types.ts';

interface ActorRef {
  actor: ChunkActor;
  code: string;
  name: string;
  /** Sentence number where it was named. */
  sentence: number;
}

export interface ArticleState {
  /** Named people, most recent last. */
  people: ActorRef[];
  /** Named countries and organisations, most recent last. */
  collectives: ActorRef[];
  lastCountry: string | null;
  /** Number of sentences seen so far. */
  sentence: number;
}

export function newArticleState(): ArticleState {
  return { people: [], collectives: [], lastCountry: null, sentence: 0 };
}

// A pronoun refers back at most this many sentences; older antecedents are guesses.
const PRONOUN_REACH = 1;

function codeOf(actor: ChunkActor, country: string | null): string {
  if (actor.orgCode) return actor.orgCode;
  if (!country) return '';
  // A PETRARCH agent written 'NGO~' goes before the country code.
  if (actor.sector?.endsWith('~')) return actor.sector.slice(0, -1) + country;
  return country + (actor.sector ?? '');
}

function knownGroup(code: string): string | null {
  if (/^(IGO|NGO|IMG|MNC)/.test(code)) return code.slice(3, 6) || null;
  return code.length >= 9 ? code.slice(6, 9) : null;
}

function mention(
  actor: ChunkActor,
  country: string | null,
  name: string,
  start: number,
  end: number,
  resolvedBy: ActorMention['resolvedBy'],
): ActorMention {
  const code = codeOf(actor, country);
  return {
    code,
    countryCode: actor.orgCode
      ? (actor.country ?? (code.startsWith('IGO') || code.startsWith('NGO') ? null : code.slice(0, 3)))
      : country,
    knownGroupCode: actor.orgCode ? knownGroup(actor.orgCode) : null,
    type1Code: actor.sector,
    name,
    start,
    end,
    entityRef: actor.entityRef,
    resolvedBy,
  };
}

function refMention(ref: ActorRef, name: string, start: number, end: number): ActorMention {
  return mention(ref.actor, ref.actor.country, name, start, end, 'coreference');
}

function lastDistinct(list: ActorRef[], n: number): ActorRef[] {
  const out: ActorRef[] = [];
  for (let k = list.length - 1; k >= 0 && out.length < n; k--) {
    const r = list[k]!;
    if (!out.some((o) => o.code === r.code || o.name === r.name)) out.push(r);
  }
  return out.reverse();
}

/** Concrete actors of a chunk; [] when it cannot be resolved. */
export function resolveChunk(
  c: Chunk,
  tokens: Token[],
  text: string,
  state: ArticleState,
  otherCountry: string | null,
  chunks: Chunk[],
): ActorMention[] {
  const start = tokens[c.first]!.start;
  const end = tokens[c.last - 1]!.end;
  const name = text.slice(start, end);
  if (c.pronoun) {
    const pool =
      c.pronoun === 'he' || c.pronoun === 'she'
        ? state.people
        : c.pronoun === 'it'
          ? state.collectives
          : [...state.collectives];
    const ref = pool[pool.length - 1];
    return ref && state.sentence - ref.sentence <= PRONOUN_REACH ? [refMention(ref, name, start, end)] : [];
  }
  if (c.pair) {
    const people = lastDistinct(state.people, 2);
    const refs = people.length === 2 ? people : lastDistinct([...state.collectives, ...state.people], 2);
    return refs.length === 2 ? refs.map((r) => refMention(r, name, start, end)) : [];
  }
  if (c.actor.title) {
    const ref = state.people[state.people.length - 1];
    if (ref && ref.actor.sector === c.actor.sector) return [refMention(ref, name, start, end)];
  }
  if (c.actor.needsCountry) {
    const inSentence = chunks.find(
      (o) =>
        o !== c && o.actor.country && !o.actor.needsCountry && !o.pronoun && o.actor.country !== otherCountry,
    );
    // Police against protesters, rebels against the government: a bare sector word is of the
    // other actor's country. A bare 'the regime' facing a foreign government is not: it
    // takes another country of the sentence or of the article.
    let country = otherCountry ?? inSentence?.actor.country ?? state.lastCountry;
    if (
      otherCountry &&
      c.actor.sector === 'GOV' &&
      !c.actor.title &&
      state.lastCountry &&
      state.lastCountry !== otherCountry
    )
      country = state.lastCountry;
    if (!country) return [];
    return [mention(c.actor, country, name, start, end, 'context')];
  }
  const m = mention(c.actor, c.actor.country, name, start, end, 'dictionary');
  return m.code ? [m] : [];
}

/** Remember the actors the sentence named, for later pronouns and 'the two leaders'. */
export function rememberChunks(state: ArticleState, chunks: Chunk[], tokens: Token[], text: string): void {
  for (const c of chunks) {
    if (c.pronoun || c.pair || c.actor.needsCountry) continue;
    const code = codeOf(c.actor, c.actor.country);
    if (!code) continue;
    const ref: ActorRef = {
      actor: c.actor,
      code,
      name: text.slice(tokens[c.first]!.start, tokens[c.last - 1]!.end),
      sentence: state.sentence,
    };
    if (c.actor.person) state.people.push(ref);
    else if (!c.placeOnly) state.collectives.push(ref);
    if (c.actor.country && c.actor.country.length === 3) state.lastCountry = c.actor.country;
  }
  state.sentence++;
  if (state.people.length > 20) state.people.splice(0, state.people.length - 20);
  if (state.collectives.length > 20) state.collectives.splice(0, state.collectives.length - 20);
}
