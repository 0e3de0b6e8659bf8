// `newsflow eval places --gold FILE [--json] [--no-demonyms] [--misses N]`: run the geocoder
// over each gold article's text and score it (see place-scores.ts).
import type { CommandIo } from '../io.ts';
import { findPlaceMentions, geocode, nearestCity } from '../../services/geo/index.ts';
import type { GazEntry, Gazetteer } from '../../services/geo/index.ts';
import { commandUsage, parseCommandArgs } from '../command-args.ts';
import { cliGazetteer } from '../gazetteer.ts';
import { readJsonLinesFile } from '../jsonl.ts';
import { outcomesFor, summarise } from '../../services/enrich/domain/place-scores.ts';
import type { GoldArticle, GoldToponym, ToponymOutcome } from '../../services/enrich/domain/place-scores.ts';

const USAGE = 'usage: newsflow eval places --gold FILE [--json] [--no-demonyms] [--misses N]\n';

function geonameIndex(gaz: Gazetteer): Map<number, GazEntry> {
  const out = new Map<number, GazEntry>();
  for (const list of gaz.names.values())
    for (const e of list) if (e.geonameId !== null) out.set(e.geonameId, e);
  return out;
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(io, 'eval places', USAGE, argv, {
    gold: { type: 'string' },
    json: { type: 'boolean', default: false },
    'no-demonyms': { type: 'boolean', default: false },
    misses: { type: 'string', default: '0' },
  });
  if ('exit' in parsed) return parsed.exit;
  const args = parsed.values;
  if (!args.gold) return commandUsage(io, 'eval places', USAGE)('--gold FILE is required');
  const articles = readJsonLinesFile<GoldArticle>(args.gold);

  const t0 = performance.now();
  const gazetteer = cliGazetteer();
  const loadMs = performance.now() - t0;

  // The gold names a GeoNames id; its country comes from the gazetteer, else the nearest city.
  const byId = geonameIndex(gazetteer);
  const countryOf = (t: GoldToponym): string | null => {
    const e = byId.get(Number(t.geonamesID));
    if (e?.countryIso2) return e.countryIso2;
    if (t.lat == null || t.lon == null) return null;
    return nearestCity(gazetteer, t.lat, t.lon, 30)?.countryIso2 ?? null;
  };

  const outcomes: ToponymOutcome[] = [];
  let predicted = 0;
  let onToponyms = 0;
  const t1 = performance.now();
  for (const a of articles) {
    const mentions = findPlaceMentions(a.text, { gazetteer, demonyms: !args['no-demonyms'] });
    const places = geocode(mentions, { text: a.text }, { gazetteer });
    predicted += places.length;
    onToponyms += places.filter((p) =>
      a.toponyms.some((t) => Math.min(t.end, p.end) > Math.max(t.start, p.start)),
    ).length;
    outcomes.push(...outcomesFor(a, places, countryOf));
  }
  const geocodeMs = performance.now() - t1;
  const scores = summarise(articles.length, outcomes, predicted, onToponyms);
  const timing = {
    gazetteerLoadMs: Math.round(loadMs),
    geocodeMs: Math.round(geocodeMs),
    gazetteer: gazetteer.stats,
  };

  if (args.json) {
    io.stdout.write(`${JSON.stringify({ ...scores, ...timing })}\n`);
  } else {
    const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
    const km = (x: number | null): string => (x === null ? 'n/a' : `${x.toFixed(1)} km`);
    io.stdout.write(
      [
        `articles                 ${scores.articles}`,
        `gold toponyms w/ coords  ${scores.goldWithCoordinates}`,
        `accuracy@161km           ${pct(scores.accuracyAt161)}`,
        `found (recall)           ${pct(scores.recall)} (${scores.found})`,
        `median error             ${km(scores.medianErrorKm)}`,
        `mean error               ${km(scores.meanErrorKm)}`,
        `recognition precision    ${pct(scores.precision)} (${scores.predictedOnToponyms}/${scores.predicted})`,
        `country accuracy         ${pct(scores.countryAccuracy)} (over ${scores.countryScored})`,
        `gazetteer load           ${timing.gazetteerLoadMs} ms, ${gazetteer.stats.entries} entries, +${gazetteer.stats.heapDeltaMb} MB heap`,
        `geocoding                ${timing.geocodeMs} ms`,
        '',
      ].join('\n'),
    );
  }
  const misses = Number(args.misses);
  if (misses > 0) {
    const wrong = outcomes.filter((o) => o.errorKm === null || o.errorKm > 161).slice(0, misses);
    for (const o of wrong) {
      const p = o.predicted;
      io.stderr.write(
        `${o.article}\t${o.gold.name}\t${p ? `${p.fullName} (${p.name}) ${o.errorKm!.toFixed(0)} km` : 'MISSED'}\n`,
      );
    }
  }
  return 0;
}
