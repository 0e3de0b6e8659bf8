// `newsflow bench enrich [--events N] [--json]`: events/s of the pure enrich path (actor
// resolution, geocoding, location, fingerprint) on a synthetic stream built from the knowledge
// base and the gazetteer, with a warm in-process memo standing in for the Redis entity cache.
import type { CodedEventRecord } from '../services/contracts/records.ts';
import { findPlaceMentions } from '../services/geo/index.ts';
import { loadGazetteer } from '../services/loaders/gazetteer.ts';
import type { Gazetteer } from '../services/geo/index.ts';
import { loadKnowledgeBase } from '../services/loaders/kb.ts';
import type { KnowledgeBase } from '../services/kb/types.ts';
import { enrichEvent, entityCacheKey, resolveActor } from '../services/enrich/domain/index.ts';
import type { ActorInput, Entity } from '../services/enrich/domain/index.ts';
import { commandUsage, parseCommandArgs, wholeNumber } from '../cli/command-args.ts';
import type { CommandIo } from '../cli/io.ts';

const USAGE = 'usage: newsflow bench enrich [--events N] [--json]\n';
const VERBS = ['attacked', 'met', 'criticised', 'urged', 'shelled', 'praised'];
const CODES = ['190', '040', '111', '020', '194', '051'];

/** A small deterministic PRNG so that runs are comparable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Actor = CodedEventRecord['source'];

/** What every synthetic event says of how it was coded. */
const ASSERTED_BY_DICTIONARY = {
  negated: false,
  modality: 'ASSERTED',
  isRootEvent: false,
  pattern: null,
  confidence: 1,
} as const;
const BENCH_CODER = { coderVersion: 'bench', dictionaryVersion: 'bench', codedAt: 0 };

/** An actor coded from the dictionaries, as extract hands it on. */
function dictionaryActor(
  name: string,
  start: number,
  codes: { code: string; countryCode: string; type1Code: string | null },
): Actor {
  return {
    ...codes,
    knownGroupCode: null,
    name,
    start,
    end: start + name.length,
    entityRef: null,
    resolvedBy: 'dictionary',
  };
}

/** "<person> <verb> <country> in <city>, <city's country>.", coded as extract would code it. */
function syntheticEvent(
  i: number,
  parts: {
    person: KnowledgeBase['people'][number];
    role: KnowledgeBase['people'][number]['roles'][number];
    country: KnowledgeBase['countries'][number];
    verb: number;
    city: string;
    cityCountry: string;
  },
  gaz: Gazetteer,
): CodedEventRecord {
  const { person, role, country, verb, city, cityCountry } = parts;
  const text = `${person.name} ${VERBS[verb]} ${country.name} in ${city}, ${cityCountry}.`;
  const places = findPlaceMentions(text, { gazetteer: gaz }).map((m) => ({
    name: m.name,
    start: m.start,
    end: m.end,
    qualifier: m.qualifier ?? null,
  }));
  const code = CODES[verb]!;
  const countryCode = role.country.slice(0, 3);
  return {
    eventId: `bench-${i}`,
    articleId: `a-${i}`,
    sourceUrl: null,
    articleSource: null,
    publishedAt: null,
    ingestedAt: 0,
    eventDate: role.start.slice(0, 4) + '-06-01',
    dateText: null,
    eventCode: code,
    eventBaseCode: code.slice(0, 3),
    eventRootCode: code.slice(0, 2),
    quadClass: 4,
    goldsteinScale: -5,
    source: dictionaryActor(person.name, 0, {
      code: `${countryCode}${role.sector}`,
      countryCode,
      type1Code: role.sector,
    }),
    target: dictionaryActor(country.name, person.name.length + VERBS[verb]!.length + 2, {
      code: country.cameo,
      countryCode: country.cameo,
      type1Code: null,
    }),
    ...ASSERTED_BY_DICTIONARY,
    places,
    sentence: { index: 0, text, start: 0, end: text.length },
    ...BENCH_CODER,
  };
}

/** `n` coded events built from the knowledge base's people and countries and the gazetteer's cities. */
export function syntheticEvents(n: number, kb: KnowledgeBase, gaz: Gazetteer): CodedEventRecord[] {
  const rand = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const people = kb.people.filter((p) => p.roles.length);
  const cities = [...gaz.names.values()]
    .flat()
    .filter((e) => e.kind === 'city' && e.population > 300_000 && /^[A-Z][a-z]+$/.test(e.name));
  const out: CodedEventRecord[] = [];
  for (let i = 0; i < n; i++) {
    const person = pick(people);
    const role = pick(person.roles);
    const country = pick(kb.countries);
    const city = pick(cities);
    const cityCountry = gaz.countryByIso2.get(city.countryIso2 ?? '')?.name ?? country.name;
    const verb = Math.floor(rand() * VERBS.length);
    out.push(syntheticEvent(i, { person, role, country, verb, city: city.name, cityCountry }, gaz));
  }
  return out;
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(io, 'bench enrich', USAGE, argv, {
    events: { type: 'string', default: '20000' },
    json: { type: 'boolean', default: false },
  });
  if ('exit' in parsed) return parsed.exit;
  const args = parsed.values;
  const n = wholeNumber(args.events);
  if (n === undefined)
    return commandUsage(io, 'bench enrich', USAGE)(`--events ${args.events}: give a whole number from 1`);
  const t0 = performance.now();
  const kb = loadKnowledgeBase();
  const gaz = loadGazetteer({ kb });
  const loadMs = performance.now() - t0;
  const events = syntheticEvents(n, kb, gaz);

  const memo = new Map<string, Entity | null>();
  let lookups = 0;
  const resolve = (input: ActorInput): Entity | null => {
    lookups++;
    const key = entityCacheKey(input, kb);
    let e = memo.get(key);
    if (e === undefined && !memo.has(key)) memo.set(key, (e = resolveActor(input, kb)));
    return e ?? null;
  };
  const deps = { kb, gazetteer: gaz, resolve };
  for (const ev of events.slice(0, Math.min(1000, n))) enrichEvent(ev, deps); // warm-up (JIT, memo)
  lookups = 0;
  const missesBefore = memo.size;
  const t1 = performance.now();
  let located = 0;
  for (const ev of events) if (enrichEvent(ev, deps).actionGeo) located++;
  const ms = performance.now() - t1;
  const result = {
    events: n,
    seconds: ms / 1000,
    eventsPerSecond: Math.round(n / (ms / 1000)),
    located,
    entityLookups: lookups,
    memoEntries: memo.size,
    memoHitRatio: lookups ? 1 - (memo.size - missesBefore) / lookups : 0,
    loadMs: Math.round(loadMs),
    gazetteer: gaz.stats,
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
  };
  if (args.json) io.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    io.stdout.write(
      `enrich (pure): ${result.eventsPerSecond} events/s over ${n} events (${result.seconds.toFixed(2)} s)\n` +
        `  located ${located}/${n}; entity memo hit ratio ${(100 * result.memoHitRatio).toFixed(1)}% (${memo.size} entries)\n` +
        `  KB + gazetteer load ${result.loadMs} ms; gazetteer ${gaz.stats.entries} entries, +${gaz.stats.heapDeltaMb} MB heap; rss ${result.rssMb} MB\n`,
    );
  }
  return 0;
}
