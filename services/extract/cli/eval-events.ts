// `newsflow eval events --gold FILE --mapping CAMEO2PLOVER-FILE [--worst N] [--json] [--kb DIR]`
// Runs the coder over a gold file (JSON Lines: id, date, text, expected [{source,target,code}])
// and scores (source country, target country, PLOVER category) triples per sentence, as sets.
// Country = first three letters of an actor code, with CAMEO spellings ('ITL', 'ROM') mapped
// to one code through the knowledge base. Coded events whose CAMEO code has no PLOVER
// category (01x statements) are left out: the gold cannot contain them.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CommandIo } from '../../../cli/main.ts';
import { loadKnowledgeBase } from '../../loaders/kb.ts';
import { codeArticleWith } from '../domain/index.ts';
import { loadCoder } from '../../loaders/coder.ts';
import { FOLDS, foldOf, inFold, type Fold } from './folds.ts';
import {
  parseCameoToPlover,
  ploverName,
  ploverOf,
  prf,
  tripleKey,
  type Counts,
  type Triple,
} from '../domain/plover.ts';

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
  predicted: (Triple & { cameo: string; pattern: string })[];
  missed: Triple[];
  spurious: Triple[];
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      gold: { type: 'string' },
      mapping: { type: 'string' },
      worst: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
      kb: { type: 'string' },
      dictionaries: { type: 'string' },
      fold: { type: 'string', default: 'all' },
    },
  });
  const fold = values.fold as Fold;
  if (!values.gold || !values.mapping || !FOLDS.includes(fold)) {
    io.stderr.write(
      'usage: newsflow eval events --gold FILE --mapping CAMEO2PLOVER-FILE [--fold dev|holdout|all] [--worst N] [--json] [--kb DIR] [--dictionaries DIR]\n',
    );
    return 2;
  }
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
  const records = readFileSync(values.gold, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldRecord)
    .filter((r) => inFold(r.id, fold));
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const perCategory = new Map<string, Counts>();
  const bump = (cat: string, k: keyof Counts): void => {
    const c = perCategory.get(cat) ?? { tp: 0, fp: 0, fn: 0 };
    c[k]++;
    perCategory.set(cat, c);
    total[k]++;
  };
  const scored: Scored[] = [];
  const started = performance.now();
  for (const r of records) {
    const gold = new Map<string, Triple>();
    for (const e of r.expected ?? []) {
      const t = { source: countryOf(e.source), target: countryOf(e.target), category: ploverName(e.code) };
      gold.set(tripleKey(t), t);
    }
    const coded = codeArticleWith(coder, { id: r.id, text: r.text, date: r.date ?? null });
    const predicted = new Map<string, Triple & { cameo: string; pattern: string }>();
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
      if (predicted.has(k)) bump(t.category, 'tp');
      else {
        bump(t.category, 'fn');
        missed.push(t);
      }
    }
    for (const [k, t] of predicted) {
      if (!gold.has(k)) {
        bump(t.category, 'fp');
        spurious.push(t);
      }
    }
    scored.push({
      id: r.id,
      text: r.text,
      gold: [...gold.values()],
      predicted: [...predicted.values()],
      missed,
      spurious,
    });
  }
  const seconds = (performance.now() - started) / 1000;
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
  const pct = (x: number): string => x.toFixed(3);
  io.stdout.write(
    `fold ${fold}  records ${records.length}  gold ${total.tp + total.fn}  predicted ${total.tp + total.fp}  (${seconds.toFixed(2)} s)\n`,
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
  return 0;
}
