// `newsflow geocode`: JSON Lines {"id","text"} on stdin -> {"id","places":[...]} on stdout, one
// output line per input line, offsets into the given text, countries as ISO alpha-2.
import type { CommandIo } from '../io.ts';
import { findPlaceMentions, geocode } from '../../services/geo/index.ts';
import { parseCommandArgs } from '../command-args.ts';
import { cliGazetteer } from '../gazetteer.ts';
import { readJsonLines, writeLine } from '../jsonl.ts';

const USAGE =
  'usage: newsflow geocode [--no-demonyms] < articles.jsonl\n  stdin: {"id","text"} per line; stdout: {"id","places":[{"start","end","name","lat","lon","geonameId","country"}]}\n';

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(io, 'geocode', USAGE, argv, {
    'no-demonyms': { type: 'boolean', default: false },
  });
  if ('exit' in parsed) return parsed.exit;
  const demonyms = !parsed.values['no-demonyms'];
  const gazetteer = cliGazetteer();
  let failures = 0;
  for await (const { line, value, error } of readJsonLines(io.stdin)) {
    const rec = (value ?? {}) as { id?: unknown; text?: unknown };
    if (error !== undefined || typeof rec.text !== 'string') {
      io.stderr.write(`newsflow geocode: line ${line}: ${error ?? 'no "text" string'}\n`);
      failures++;
      continue;
    }
    const mentions = findPlaceMentions(rec.text, { gazetteer, demonyms });
    const places = geocode(mentions, { text: rec.text }, { gazetteer }).map((p) => ({
      start: p.start,
      end: p.end,
      name: p.name,
      lat: p.lat,
      lon: p.lon,
      geonameId: p.geonameId,
      country: p.countryIso2,
    }));
    await writeLine(io.stdout, JSON.stringify({ id: rec.id ?? null, places }));
  }
  return failures ? 1 : 0;
}
