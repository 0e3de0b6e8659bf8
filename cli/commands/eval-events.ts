// `newsflow eval events --gold FILE --mapping CAMEO2PLOVER-FILE [--worst N] [--json] [--kb DIR]`
// Runs the coder over a gold file (JSON Lines: id, date, text, expected [{source,target,code}])
// and scores (source country, target country, PLOVER category) triples per sentence, as sets.
// Country = first three letters of an actor code, with CAMEO spellings ('ITL', 'ROM') mapped
// to one code through the knowledge base. Coded events whose CAMEO code has no PLOVER
// category (01x statements) are left out: the gold cannot contain them.
import { readFileSync } from 'node:fs';
import type { CommandIo } from '../io.ts';
import { loadKnowledgeBase } from '../../services/loaders/kb.ts';
import { codeArticleWith, type Coder } from '../../services/extract/domain/index.ts';
import { loadCoder } from '../../services/loaders/coder.ts';
import { CODER_DATA_OPTIONS, commandUsage, parseCommandArgs } from '../command-args.ts';
import { readJsonLinesFile } from '../jsonl.ts';
import { FOLD_ERROR, FOLD_OPTION, foldOf, inFold, parseFold, type Fold } from '../eval/folds.ts';
import {
  parseCameoToPlover,
  ploverName,
  ploverOf,
  prf,
  tripleKey,
  type Counts,
  type Triple,
} from '../../services/extract/domain/plover.ts';

interface GoldRecord {
  id: string;
  date?: string;
  text: string;
  expected: { source: string; target: string; code: string }[];
}

interface Scored {
  id: string;
  text: string;
  gold: Triple[];
  predicted: Predicted[];
  missed: Triple[];
  spurious: Triple[];
}

const USAGE =
  'usage: newsflow eval events --gold FILE --mapping CAMEO2PLOVER-FILE [--fold dev|holdout|all] [--worst N] [--json] [--kb DIR] [--dictionaries DIR]\n';

type Predicted = Triple & { cameo: string; pattern: string };

/** Counts of true and false positives and of misses, overall and per PLOVER category. */
class Tally {
  readonly total: Counts = { tp: 0, fp: 0, fn: 0 };
  readonly perCategory = new Map<string, Counts>();
  bump(category: string, k: keyof Counts): void {
    const c = this.perCategory.get(category) ?? { tp: 0, fp: 0, fn: 0 };
    c[k]++;
    this.perCategory.set(category, c);
    this.total[k]++;
  }
}

interface Scorer {
  coder: Coder;
  mapping: Map<string, string>;
  countryOf: (code: string) => string;
}

/** A gold record's triples against the coder's, as sets; the tally counts each. */
function scoreRecord(r: GoldRecord, { coder, mapping, countryOf }: Scorer, tally: Tally): Scored {
  const gold = new Map<string, Triple>();
  for (const e of r.expected ?? []) {
    const t = { source: countryOf(e.source), target: countryOf(e.target), category: ploverName(e.code) };
    gold.set(tripleKey(t), t);
  }
  const coded = codeArticleWith(coder, { id: r.id, text: r.text, date: r.date ?? null });
  const predicted = new Map<string, Predicted>();
  for (const e of coded.events) {
    const category = ploverOf(mapping, e.eventCode);
    if (!category) continue;
    const t = {
      source: countryOf(e.source.code),
      target: countryOf(e.target?.code ?? ''),
      category,
      cameo: e.eventCode,
      pattern: e.pattern,
    };
    if (!predicted.has(tripleKey(t))) predicted.set(tripleKey(t), t);
  }
  const missed: Triple[] = [];
  const spurious: Triple[] = [];
  for (const [k, t] of gold) {
    if (predicted.has(k)) tally.bump(t.category, 'tp');
    else {
      tally.bump(t.category, 'fn');
      missed.push(t);
    }
  }
  for (const [k, t] of predicted) {
    if (!gold.has(k)) {
      tally.bump(t.category, 'fp');
      spurious.push(t);
    }
  }
  return {
    id: r.id,
    text: r.text,
    gold: [...gold.values()],
    predicted: [...predicted.values()],
    missed,
    spurious,
  };
}

interface Report {
  fold: Fold;
  records: number;
  seconds: number;
  total: Counts;
  overall: ReturnType<typeof prf> & Counts;
  categories: (ReturnType<typeof prf> & Counts & { category: string })[];
  worst: Scored[];
}

function writeTable(
  io: CommandIo,
  { fold, records, seconds, total, overall, categories, worst }: Report,
): void {
  const pct = (x: number): string => x.toFixed(3);
  io.stdout.write(
    `fold ${fold}  records ${records}  gold ${total.tp + total.fn}  predicted ${total.tp + total.fp}  (${seconds.toFixed(2)} s)\n`,
  );
  io.stdout.write(
    `precision ${pct(overall.precision)}  recall ${pct(overall.recall)}  F1 ${pct(overall.f1)}\n\n`,
  );
  io.stdout.write(
    `${'category'.padEnd(12)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)}   tp  fp  fn\n`,
  );
  for (const c of categories)
    io.stdout.write(
      `${c.category.padEnd(12)} ${pct(c.precision).padStart(6)} ${pct(c.recall).padStart(6)} ${pct(c.f1).padStart(6)} ${String(c.tp).padStart(4)}${String(c.fp).padStart(4)}${String(c.fn).padStart(4)}\n`,
    );
  if (worst.length > 0) io.stdout.write(`\nworst ${worst.length}:\n`);
  const fmt = (t: Triple): string => `${t.source || '-'}→${t.target || '-'} ${t.category}`;
  for (const w of worst) {
    io.stdout.write(`  ${w.id}: ${w.text.slice(0, 140)}\n`);
    io.stdout.write(`    gold:      ${w.gold.map(fmt).join('; ') || '(none)'}\n`);
    io.stdout.write(
      `    predicted: ${w.predicted.map((p) => `${fmt(p)} [${p.cameo} ${p.pattern}]`).join('; ') || '(none)'}\n`,
    );
  }
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(io, 'eval events', USAGE, argv, {
    gold: { type: 'string' },
    mapping: { type: 'string' },
    worst: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    ...CODER_DATA_OPTIONS,
    fold: FOLD_OPTION,
  });
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const usage = commandUsage(io, 'eval events', USAGE);
  const fold = parseFold(values.fold);
  if (!values.gold) return usage('--gold FILE is required');
  if (!values.mapping) return usage('--mapping CAMEO2PLOVER-FILE is required');
  if (!fold) return usage(FOLD_ERROR);
  const mapping = parseCameoToPlover(readFileSync(values.mapping, 'utf8'));
  const kbDir = values.kb ?? io.env.NEWSFLOW_KB_DIR ?? undefined;
  const kb = loadKnowledgeBase(kbDir);
  const { coder } = loadCoder({ kbDir, dictionariesDir: values.dictionaries });
  const countryOf = (code: string): string => {
    const c3 = code.slice(0, 3).toUpperCase();
    if (!c3) return '';
    const c = kb.countryByCode(c3);
    return c ? c.iso3 : c3;
  };
  const records = readJsonLinesFile<GoldRecord>(values.gold).filter((r) => inFold(r.id, fold));
  const tally = new Tally();
  const started = performance.now();
  const scored = records.map((r) => scoreRecord(r, { coder, mapping, countryOf }, tally));
  const seconds = (performance.now() - started) / 1000;
  const { total, perCategory } = tally;
  const overall = { ...prf(total), ...total };
  const categories = [...perCategory.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, c]) => ({ category, ...prf(c), ...c }));
  // Only dev-fold records are ever shown: the holdout fold's sentences stay unread by whoever tunes the coder.
  const worstN = fold === 'holdout' ? 0 : Number(values.worst);
  const worst = scored
    .filter((s) => foldOf(s.id) === 'dev' && s.missed.length + s.spurious.length > 0)
    .sort((x, y) => y.missed.length + y.spurious.length - (x.missed.length + x.spurious.length))
    .slice(0, worstN);
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({ fold, records: records.length, seconds, overall, categories, worst }, null, 2)}\n`,
    );
    return 0;
  }
  writeTable(io, { fold, records: records.length, seconds, total, overall, categories, worst });
  return 0;
}
