// `newsflow code`: JSON Lines {"id","text","date"?} on stdin → one {"id","events":[...]} line per
// input on stdout, in input order, streamed (one line in, one line out; nothing is buffered
// beyond the line being coded). A line that is not valid input (not JSON, no id, no text, a
// date that is not a calendar date) gets {"id","error"} (id null when unknown) and coding goes
// on: one bad article must not stop a feed. The exit code is 1 only when every non-empty line
// failed (a wholly wrong input is visible to scripts), else 0. Each event carries the full draft
// (CodedEventDraft) plus `cameo` (= eventCode) and `target: {"code": ""}` when there is none.
import { normaliseDate } from '../../services/extract/domain/dates.ts';
import { codeArticleWith, type Coder, type PlaceFinder } from '../../services/extract/domain/index.ts';
import { loadCoder } from '../../services/loaders/coder.ts';
import { lazyPlaceFinder } from '../../services/loaders/gazetteer.ts';
import { CODER_DATA_OPTIONS, parseCommandArgs } from '../command-args.ts';
import type { CommandIo } from '../io.ts';
import { readJsonLines, writeLine } from '../jsonl.ts';

const USAGE =
  'usage: newsflow code [--dictionaries DIR] [--kb DIR] [--keep-negated] [--diagnostics] < articles.jsonl   (each line {"id","text","date"?})\n' +
  '  --dictionaries DIR  a PETRARCH-layout folder (PETR_config.ini, verbs, actors, agents, discards) replacing the default dictionaries\n' +
  '  --diagnostics       list the dictionary lines that were not read or are not used (file:line: reason) on stderr\n';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** One input line's output: its events, or the reason it is not valid input. */
function codeLine(coder: Coder, findPlaces: PlaceFinder, value: unknown): string {
  const input = value as { id?: unknown; text?: unknown; date?: unknown };
  if (typeof input.id !== 'string' && typeof input.id !== 'number') throw new Error('missing "id"');
  if (typeof input.text !== 'string') throw new Error('missing "text"');
  if (
    input.date !== undefined &&
    input.date !== null &&
    (typeof input.date !== 'string' || normaliseDate(input.date) === null)
  ) {
    throw new Error('"date" must be YYYY-MM-DD or YYYYMMDD');
  }
  const coded = codeArticleWith(
    coder,
    { id: String(input.id), text: input.text, date: (input.date as string | null | undefined) ?? null },
    findPlaces,
  );
  const events = coded.events.map((e) => ({ ...e, cameo: e.eventCode, target: e.target ?? { code: '' } }));
  return JSON.stringify({
    id: input.id,
    sentences: coded.sentences,
    ...(coded.discarded ? { discarded: coded.discarded } : {}),
    events,
  });
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(io, 'code', USAGE, argv, {
    ...CODER_DATA_OPTIONS,
    'keep-negated': { type: 'boolean', default: false },
    diagnostics: { type: 'boolean', default: false },
  });
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  let loaded;
  try {
    loaded = loadCoder({
      kbDir: values.kb ?? io.env.NEWSFLOW_KB_DIR ?? undefined,
      dictionariesDir: values.dictionaries,
      keepNegated: values['keep-negated'],
    });
  } catch (err) {
    io.stderr.write(`newsflow code: ${message(err)}\n`);
    return 2;
  }
  const { coder, diagnostics } = loaded;
  const unread = diagnostics.filter((d) => d.severity === 'error');
  if (values.diagnostics)
    for (const d of diagnostics)
      io.stderr.write(`${d.file}:${d.line}: ${d.severity}: ${d.message}: ${d.text}\n`);
  else if (unread.length > 0)
    io.stderr.write(
      `newsflow code: ${unread.length} dictionary lines could not be read (--diagnostics lists them)\n`,
    );
  const findPlaces = lazyPlaceFinder();
  let ok = 0;
  let failed = 0;
  for await (const { value, error } of readJsonLines(io.stdin)) {
    const id = (value as { id?: unknown } | null | undefined)?.id ?? null;
    try {
      if (error !== undefined) throw new Error(error);
      await writeLine(io.stdout, codeLine(coder, findPlaces, value));
      ok++;
    } catch (err) {
      failed++;
      io.stdout.write(`${JSON.stringify({ id, error: message(err) })}\n`);
    }
  }
  return failed > 0 && ok === 0 ? 1 : 0;
}
