// `newsflow eval petrarch --suite FILE --dictionaries DIR [--fold dev|holdout|all] [--worst N] [--json]`
// PETRARCH's unit-test suite scored from raw text: each record's `text` is coded with the given
// dictionaries exactly as `newsflow code --dictionaries DIR` codes it (the Treebank parse the
// records carry is not read), and a record is correct when its set of (source, target, code)
// triples equals the expected set. Records expecting no events must yield none; records
// expecting an error (a discarded story or sentence, input PETRARCH rejects) must be rejected;
// only records marked `evaluate: true` count. PETRARCH's per-record option `require_dyad`
// (default true: an event needs both actors) is honoured.
import { readFileSync } from 'node:fs';
import { FOLD_ERROR, FOLD_OPTION, foldOf, inFold, parseFold } from '../eval/folds.ts';
import { codeArticleWith, type CodedArticle } from '../../services/extract/domain/index.ts';
import { loadCoder } from '../../services/loaders/coder.ts';
import { commandUsage, parseCommandArgs } from '../command-args.ts';
import type { CommandIo } from '../io.ts';

const USAGE = `usage: newsflow eval petrarch --suite FILE --dictionaries DIR [--fold dev|holdout|all] [--worst N] [--json]
  --suite FILE        JSON Lines: id, text, date, expected [{source,target,code}], coding_status,
                      expect_no_events, expected_error, category, evaluate, config
  --dictionaries DIR  the PETRARCH-layout dictionaries the suite was written for
  --fold              'dev' or 'holdout' half of the records by id (default all); holdout records are never listed
`;

export interface SuiteRecord {
  id: string;
  text: string;
  date?: string;
  expected?: { source: string; target: string; code: string }[];
  coding_status?: string;
  expect_no_events?: boolean;
  expected_error?: string | null;
  category?: string;
  evaluate?: boolean;
  config?: Record<string, string>;
}

export interface RecordScore {
  id: string;
  category: string;
  correct: boolean;
  expected: string[];
  got: string[];
}

const triple = (s: string, t: string, c: string): string => `${s}|${t}|${c}`;

/** PETRARCH's rule for one record: the set of coded triples equals the expected set. */
export function scoreRecord(r: SuiteRecord, coded: CodedArticle): RecordScore {
  const requireDyad = (r.config?.require_dyad ?? 'true').toLowerCase() !== 'false';
  const got = new Set<string>();
  for (const e of coded.events) {
    const source = e.source.code;
    const target = e.target?.code ?? '';
    if (requireDyad && (!source || !target)) continue;
    got.add(triple(source, target, e.eventCode));
  }
  const expected = new Set((r.expected ?? []).map((e) => triple(e.source, e.target, e.code)));
  const category = r.category ?? 'NONE';
  let correct: boolean;
  if (r.coding_status === 'error' || r.expected_error)
    correct = coded.discarded !== undefined && got.size === 0;
  else if (r.expect_no_events || r.coding_status === 'noevents') correct = got.size === 0;
  else correct = got.size === expected.size && [...expected].every((k) => got.has(k));
  return { id: r.id, category, correct, expected: [...expected].sort(), got: [...got].sort() };
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(io, 'eval petrarch', USAGE, argv, {
    suite: { type: 'string' },
    dictionaries: { type: 'string' },
    fold: FOLD_OPTION,
    worst: { type: 'string', default: '15' },
    json: { type: 'boolean', default: false },
  });
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const usage = commandUsage(io, 'eval petrarch', USAGE);
  const fold = parseFold(values.fold);
  if (!values.suite) return usage('--suite FILE is required');
  if (!values.dictionaries) return usage('--dictionaries DIR is required');
  if (!fold) return usage(FOLD_ERROR);
  const { coder } = loadCoder({ dictionariesDir: values.dictionaries });
  const records = readFileSync(values.suite, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SuiteRecord)
    .filter((r) => r.evaluate === true && inFold(r.id, fold));
  const scores = records.map((r) =>
    scoreRecord(r, codeArticleWith(coder, { id: r.id, text: r.text, date: r.date ?? null })),
  );
  const byCategory = new Map<string, { correct: number; total: number }>();
  for (const s of scores) {
    const c = byCategory.get(s.category) ?? { correct: 0, total: 0 };
    c.total++;
    if (s.correct) c.correct++;
    byCategory.set(s.category, c);
  }
  const correct = scores.filter((s) => s.correct).length;
  // Only dev-fold records are ever listed: the holdout fold stays unread by whoever tunes the coder.
  const worst = scores.filter((s) => !s.correct && foldOf(s.id) === 'dev').slice(0, Number(values.worst));
  const categories = [...byCategory.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, c]) => ({ category, ...c, accuracy: c.correct / c.total }));
  const accuracy = scores.length ? correct / scores.length : 0;
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({ fold, records: scores.length, correct, accuracy, categories, worst }, null, 2)}\n`,
    );
    return 0;
  }
  io.stdout.write(
    `fold ${fold}  records ${scores.length}  exact ${correct}  accuracy ${accuracy.toFixed(3)}\n\n`,
  );
  for (const c of categories)
    io.stdout.write(
      `${c.category.padEnd(12)} ${String(c.correct).padStart(4)} / ${String(c.total).padEnd(4)} ${c.accuracy.toFixed(3)}\n`,
    );
  if (worst.length > 0) io.stdout.write(`\nmisses (dev fold, first ${worst.length}):\n`);
  for (const w of worst) {
    const r = records.find((x) => x.id === w.id)!;
    io.stdout.write(`  ${w.id}: ${r.text.slice(0, 160)}\n`);
    io.stdout.write(
      `    expected: ${w.expected.join('; ') || '(none)'}\n    got:      ${w.got.join('; ') || '(none)'}\n`,
    );
  }
  return 0;
}
