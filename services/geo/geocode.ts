// Toponym resolution: each mention's candidates are scored by a population prior plus what the
// article says about where it is (actor countries, the other places named, 'City, Country'),
// in two passes: unambiguous mentions set the scene, then every mention is scored against it.
import type { Gazetteer } from './gazetteer.ts';
import type { GazEntry, GeoContext, GeoPlace, PlaceMention } from './types.ts';
import { memoizeString } from './memo.ts';

export interface GeocodeOptions {
  gazetteer: Gazetteer;
  /** A city this small is kept only with support from the context. Default 15000. */
  minLonePopulation?: number;
}

const QUALIFIER_PREFIX = /^(?:north|south|east|west|central|upstate|downtown|rural|coastal)[\p{L}-]*\s+/iu;
const REGION_WRAP =
  /^(?:(?:province|region|governorate|oblast|state|district|prefecture)\s+of\s+)|\s+(?:province|region|governorate|oblast|state|district|prefecture)$/giu;
const CONTAINER_GAP = /^,\s?$/;

interface Slot {
  mention: PlaceMention;
  key: string;
  candidates: readonly GazEntry[];
  container?: Slot;
  chosen?: GazEntry;
  score: number;
}

// The same surface forms come back in every event: their keys are remembered by the gazetteer,
// under 'qualifier \u0001 name' (or the name alone).
const SURFACE_KEYS = Symbol('geocode: surface keys');

function surfaceKey(gaz: Gazetteer): (memoKey: string) => string {
  return gaz.cache(SURFACE_KEYS, () =>
    memoizeString((memoKey) => {
      const cut = memoKey.indexOf('\u0001');
      const qualifier = cut < 0 ? undefined : memoKey.slice(0, cut);
      let name = cut < 0 ? memoKey : memoKey.slice(cut + 1);
      if (qualifier && name.toLowerCase().startsWith(qualifier.toLowerCase()))
        name = name.slice(qualifier.length);
      else name = name.replace(QUALIFIER_PREFIX, '');
      return gaz.keyOf(name.trim().replace(REGION_WRAP, ''));
    }, 100_000),
  );
}

function lookupKey(gaz: Gazetteer, m: Pick<PlaceMention, 'name' | 'place' | 'qualifier'>): string {
  if (m.place) return gaz.keyOf(m.place);
  return surfaceKey(gaz)(m.qualifier ? `${m.qualifier}\u0001${m.name}` : m.name);
}

function isLarge(e: GazEntry): boolean {
  return e.kind !== 'city' && e.kind !== 'admin1';
}

/** Geocode mentions found in one article; unresolvable mentions are left out. */
export function geocode(
  mentions: readonly PlaceMention[],
  context: GeoContext,
  options: GeocodeOptions,
): GeoPlace[] {
  const gaz = options.gazetteer;
  const minLone = options.minLonePopulation ?? 15_000;
  const slots: Slot[] = [];
  for (const m of mentions) {
    const key = lookupKey(gaz, m);
    let candidates = m.kind === 'demonym' ? gaz.lookupDemonym(key) : gaz.lookup(key);
    if (!candidates.length) candidates = m.kind === 'demonym' ? gaz.lookup(key) : gaz.lookupDemonym(key);
    if (candidates.length) slots.push({ mention: m, key, candidates, score: -Infinity });
  }
  const sorted = [...slots].sort((a, b) => a.mention.start - b.mention.start);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    const off = context.textOffset ?? 0;
    const gap =
      context.text !== undefined && a.mention.end >= off
        ? context.text.slice(a.mention.end - off, b.mention.start - off)
        : null;
    if (
      gap !== null
        ? CONTAINER_GAP.test(gap)
        : b.mention.start - a.mention.end <= 2 && b.mention.start > a.mention.end
    ) {
      a.container = b;
    }
  }

  const actorCountries = new Map<string, number>();
  for (const code of context.countries ?? []) {
    const iso2 = gaz.iso2Of(code);
    if (iso2) actorCountries.set(iso2, (actorCountries.get(iso2) ?? 0) + 1);
  }

  // Pass 1: the scene from mentions whose reading hardly depends on context.
  const guess = new Map<Slot, GazEntry>();
  for (const s of slots) {
    const [top, second] = s.candidates;
    if (top && (!second || gaz.priorOf(top) - gaz.priorOf(second) >= 1.5)) guess.set(s, top);
  }
  resolveAll(gaz, slots, guess, actorCountries);
  // Pass 2: the scene from every reading of pass 1.
  const chosen = new Map<Slot, GazEntry>();
  for (const s of slots) if (s.chosen) chosen.set(s, s.chosen);
  resolveAll(gaz, slots, chosen, actorCountries);

  const out: GeoPlace[] = [];
  for (const s of slots) {
    const e = s.chosen;
    if (!e) continue;
    // Small towns and first-level divisions ('North West', 'Gulf') only where the article supports them.
    const needsSupport = (e.kind === 'city' && e.population < minLone) || e.kind === 'admin1';
    if (needsSupport && !s.container && !supported(s, slots, actorCountries)) continue;
    out.push(toGeoPlace(gaz, e, s.mention));
  }
  return out;
}

function supported(s: Slot, slots: Slot[], actors: Map<string, number>): boolean {
  const c = s.chosen?.countryIso2;
  if (!c) return false;
  if (actors.has(c)) return true;
  return slots.some((o) => o !== s && o.key !== s.key && o.chosen?.countryIso2 === c);
}

type Evidence = Map<string, Map<string, number>>;

function bump(index: Evidence, key: string, what: string): void {
  let m = index.get(key);
  if (!m) index.set(key, (m = new Map()));
  m.set(what, (m.get(what) ?? 0) + 1);
}

/** How many other names (each counted at most twice) point at `what`. */
function evidence(index: Evidence, what: string, exceptKey: string): number {
  let n = 0;
  for (const [key, m] of index) if (key !== exceptKey) n += Math.min(m.get(what) ?? 0, 2);
  return n;
}

const MAX_CANDIDATES = 40;

function resolveAll(
  gaz: Gazetteer,
  slots: Slot[],
  scene: Map<Slot, GazEntry>,
  actors: Map<string, number>,
): void {
  // Evidence is counted per name, so that repeating one name ('Mexico' x5) does not make its
  // own country the context that turns it into 'Mexico City'.
  const countryByKey: Evidence = new Map();
  const adm1ByKey: Evidence = new Map();
  for (const [s, e] of scene) {
    if (e.countryIso2) bump(countryByKey, s.key, e.countryIso2);
    const a = gaz.adm1Of(e);
    if (a && e.countryIso2) bump(adm1ByKey, s.key, `${e.countryIso2}.${a}`);
  }
  // Containers first, so that 'Paris, Texas' can lean on Texas.
  const order = [...slots].sort((a, b) => Number(!!a.container) - Number(!!b.container));
  const byKey = new Map<string, GazEntry>();
  for (const s of order) {
    const sharedKey = `${s.mention.kind ?? 'name'}|${s.key}|${s.mention.hint ?? ''}|${s.container?.key ?? ''}`;
    const already = byKey.get(sharedKey);
    if (already) {
      s.chosen = already;
      continue;
    }
    // Countries that are themselves a reading of this name (see ownCountryCompetes below).
    let countryReadings: Set<string> | undefined;
    for (const o of s.candidates)
      if (o.kind === 'country' && o.countryIso2) (countryReadings ??= new Set()).add(o.countryIso2);
    let best: GazEntry | undefined;
    let bestScore = -Infinity;
    // The most any context adds to a prior (the bonuses below); candidates come most likely
    // first, so once a prior plus this cannot beat the best score, none after it can either.
    const ctrChosen = s.container?.chosen;
    const maxBonus = 2.5 + 1.5 + (ctrChosen ? 6 : 0) + (s.mention.hint === 'region' ? 2 : 0);
    const n = Math.min(s.candidates.length, MAX_CANDIDATES);
    for (let i = 0; i < n; i++) {
      const c = s.candidates[i]!;
      const prior = gaz.priorOf(c);
      if (prior + maxBonus + 1e-9 < bestScore) break;
      let score = prior;
      const cc = c.countryIso2;
      if (cc) {
        const w = (actors.get(cc) ?? 0) + evidence(countryByKey, cc, s.key);
        // A city gains nothing from its country's presence when that country is itself a reading
        // of the name: 'Mexico' in an article about Mexico is the country, not Mexico City.
        const ownCountryCompetes = !isLarge(c) && countryReadings !== undefined && countryReadings.has(cc);
        if (w > 0 && !ownCountryCompetes)
          score += isLarge(c) ? 0.5 * Math.min(w, 2) : 1 + 0.5 * Math.min(w, 3);
        const a = gaz.adm1Of(c);
        if (a && evidence(adm1ByKey, `${cc}.${a}`, s.key) > 0) score += 1.5;
      }
      if (ctrChosen && within(gaz, c, ctrChosen)) score += 6;
      if (s.mention.hint === 'region' && (c.kind === 'admin1' || c.kind === 'region')) score += 2;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    s.chosen = best;
    s.score = bestScore;
    if (best) byKey.set(sharedKey, best);
  }
}

function within(gaz: Gazetteer, inner: GazEntry, outer: GazEntry): boolean {
  if (!inner.countryIso2 || inner.countryIso2 !== outer.countryIso2 || inner === outer) return false;
  if (outer.kind === 'country') return true;
  if (outer.kind === 'admin1') return gaz.adm1Of(inner) === gaz.adm1Of(outer);
  return outer.kind !== 'city';
}

const FEATURE: Record<GazEntry['kind'], string> = {
  country: 'country',
  admin1: 'region',
  region: 'region',
  'world-region': 'world-region',
  continent: 'continent',
  water: 'water',
  supranational: 'supranational',
  city: 'city',
};

/** True when the place was named by an adjective or people ('Syrian'), not by its name. */
export function isDemonymPlace(p: Pick<GeoPlace, 'name' | 'qualifier'>, gazetteer: Gazetteer): boolean {
  const key = lookupKey(gazetteer, p.qualifier ? { name: p.name, qualifier: p.qualifier } : { name: p.name });
  return gazetteer.lookup(key).length === 0 && gazetteer.lookupDemonym(key).length > 0;
}

type PlaceFacts = Omit<GeoPlace, 'name' | 'qualifier' | 'start' | 'end'>;

// What a gazetteer entry says of itself, worked out once per entry and kept by its gazetteer.
const FACTS = Symbol('geocode: place facts by entry');

function placeFacts(gaz: Gazetteer, e: GazEntry): PlaceFacts {
  const factsOf = gaz.cache(FACTS, () => new Map<GazEntry, PlaceFacts>());
  let f = factsOf.get(e);
  if (f) return f;
  const country = e.countryIso2 ? gaz.countryByIso2.get(e.countryIso2) : undefined;
  const adm1 = gaz.adm1Of(e);
  let geoType: number;
  if (e.kind === 'country') geoType = 1;
  else if (e.kind === 'city') geoType = e.countryIso2 === 'US' ? 3 : 4;
  else if (e.kind === 'admin1' && e.countryIso2 === 'US') geoType = 2;
  else geoType = 5;
  const parts = [e.name];
  if (e.kind === 'city' && e.countryIso2 === 'US' && e.adminCode) {
    const state = gaz.divisionName.get(`US-${e.adminCode}`);
    if (state) parts.push(state);
  }
  if (country && e.kind !== 'country') parts.push(country.name);
  f = {
    fullName: parts.join(', '),
    geoType,
    countryIso2: e.countryIso2,
    adm1Code: adm1 && e.countryIso2 ? `${e.countryIso2}${adm1}` : null,
    lat: e.lat,
    lon: e.lon,
    geonameId: e.geonameId,
    featureType: FEATURE[e.kind],
  };
  factsOf.set(e, f);
  return f;
}

function toGeoPlace(
  gaz: Gazetteer,
  e: GazEntry,
  m: Pick<PlaceMention, 'name' | 'start' | 'end' | 'qualifier'>,
): GeoPlace {
  const f = placeFacts(gaz, e);
  return {
    name: m.name,
    fullName: f.fullName,
    geoType: f.geoType,
    countryIso2: f.countryIso2,
    adm1Code: f.adm1Code,
    lat: f.lat,
    lon: f.lon,
    geonameId: f.geonameId,
    featureType: f.featureType,
    qualifier: m.qualifier ?? null,
    start: m.start,
    end: m.end,
  };
}
