// Scoring of geocoder output against gold toponyms (the GeoWebNews JSON Lines format):
// accuracy within 161 km over gold toponyms with coordinates (a missed toponym is wrong),
// mean/median error over the matched ones, recognition recall and precision, country accuracy.
import type { GeoPlace } from '../../geo/index.ts';
import { distanceKm } from '../../geo/index.ts';
import { argMax } from './arg-max.ts';

export interface GoldToponym {
  name: string;
  start: number;
  end: number;
  lat: number | null;
  lon: number | null;
  geonamesID?: string | null;
}

export interface GoldArticle {
  id: string;
  text: string;
  toponyms: GoldToponym[];
  expected: GoldToponym[];
}

/** What one scored toponym contributes. */
export interface ToponymOutcome {
  article: string;
  gold: GoldToponym;
  predicted: GeoPlace | null;
  errorKm: number | null;
  goldCountry: string | null;
}

export interface PlaceScores {
  articles: number;
  goldWithCoordinates: number;
  found: number;
  recall: number;
  accuracyAt161: number;
  meanErrorKm: number | null;
  medianErrorKm: number | null;
  predicted: number;
  predictedOnToponyms: number;
  precision: number;
  countryScored: number;
  countryAccuracy: number | null;
}

function overlap(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return Math.min(a.end, b.end) - Math.max(a.start, b.start);
}

/** The prediction overlapping a gold span most, if any. */
function matchPrediction(
  gold: { start: number; end: number },
  predicted: readonly GeoPlace[],
): GeoPlace | null {
  return argMax(predicted, (p) => overlap(gold, p), 0);
}

export function outcomesFor(
  article: GoldArticle,
  predicted: readonly GeoPlace[],
  countryOf: (t: GoldToponym) => string | null,
): ToponymOutcome[] {
  const out: ToponymOutcome[] = [];
  for (const gold of article.expected) {
    if (gold.lat == null || gold.lon == null) continue;
    const p = matchPrediction(gold, predicted);
    out.push({
      article: article.id,
      gold,
      predicted: p,
      errorKm: p ? distanceKm(gold.lat, gold.lon, p.lat, p.lon) : null,
      goldCountry: countryOf(gold),
    });
  }
  return out;
}

export function summarise(
  articles: number,
  outcomes: readonly ToponymOutcome[],
  predicted: number,
  predictedOnToponyms: number,
): PlaceScores {
  const errors = outcomes.flatMap((o) => (o.errorKm === null ? [] : [o.errorKm])).sort((a, b) => a - b);
  const correct = errors.filter((e) => e <= 161).length;
  const median = errors.length ? (errors[(errors.length - 1) >> 1]! + errors[errors.length >> 1]!) / 2 : null;
  const withCountry = outcomes.filter((o) => o.goldCountry !== null);
  const countryRight = withCountry.filter((o) => o.predicted?.countryIso2 === o.goldCountry).length;
  const n = outcomes.length;
  return {
    articles,
    goldWithCoordinates: n,
    found: errors.length,
    recall: n ? errors.length / n : 0,
    accuracyAt161: n ? correct / n : 0,
    meanErrorKm: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : null,
    medianErrorKm: median,
    predicted,
    predictedOnToponyms,
    precision: predicted ? predictedOnToponyms / predicted : 0,
    countryScored: withCountry.length,
    countryAccuracy: withCountry.length ? countryRight / withCountry.length : null,
  };
}
