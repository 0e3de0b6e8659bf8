// `npm run test:faults`: the fault suite. Starts the launcher's servers (under NEWSFLOW_HOME, its
// ports from the environment), then per scenario: fresh topics, groups and Redis keys, the three
// services as real processes, a careful client sending uniquely identifiable articles at a steady
// rate, one fault, a drain, and every topic and dead-letter topic read back read_committed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { stackStatus, stackUp } from '../../infra/launcher/index.ts';
import { consumerLag } from '../../services/platform/admin.ts';
import { brokerList } from '../../services/platform/config.ts';
import { createKafka, type Kafka } from '../../services/platform/kafka.ts';
import { createLogger } from '../../services/platform/logger.ts';
import { createSerde } from '../../services/platform/serde.ts';
import { topicNames, topicSpecs } from '../../services/platform/topics.ts';
import { dropTopicsAndGroups } from '../drop-topics.ts';
import { sleep } from '../child-process.ts';
import { benchArticle, loadCorpus } from '../corpus.ts';
import { positive } from '../options.ts';
import { runClient, type ClientRun } from './client.ts';
import { DeadlineExceeded, deadlineIn, withinDeadline } from './deadline.ts';
import { tally, type Tally } from './readback.ts';
import { SCENARIOS, type Scenario } from './scenarios.ts';
import { startServices, type ScenarioServices } from './services.ts';

const USAGE = `usage: npm run test:faults -- [options]
  --scenarios a,b     which (default all): ${SCENARIOS.map((s) => s.name).join(', ')}
  --articles N        articles per scenario (default 600)
  --rate R            articles per second (default 30)
  --fault-at S        seconds into the sending when the fault is injected (default 6)
  --corpus FILE       JSON Lines {text, ...} (default data/samples/demo-articles.jsonl)
  --json              one JSON object instead of the table
  --keep-topics       leave each scenario's topics and consumer groups in Kafka (default: deleted
                      once the scenario is counted; left behind, they slow every later broker restart)
  --time-limit S      seconds one scenario may take in all, fault, drain and read-back included
                      (default 600); past it the scenario is reported as timed out and the next runs
Exits 1 when a scenario lost, lost-although-retried or duplicated anything, or timed out.`;

const root = fileURLToPath(new URL('../..', import.meta.url));

interface ScenarioResult extends Omit<Tally, 'enrichedTimes'> {
  scenario: string;
  what: string;
  sent: number;
  /** Seconds from the faulty part being back to the next enriched event. */
  recoverSeconds: number | null;
  /** Longest gap between two enriched events of the run (s): how long the output stalled. */
  maxOutputGapSeconds: number;
  /** Seconds from the faulty part being back to the next 202. */
  intakeRecoverSeconds: number | null;
  /** Longest an HTTP answer of ingest took (s), whatever it was: the issue wants ≤ 5 s. */
  slowestAnswerSeconds: number;
  /** Longest the fault suite's own event loop stalled while its client sent (s): part of any answer time. */
  clientStallSeconds: number;
  drained: boolean;
}

/** A scenario still running at its time limit: no figures, only where it stood. */
interface TimedOutResult {
  scenario: string;
  what: string;
  sent: number;
  /** The stage that was running at the limit: fault, client, drain or read-back. */
  timedOut: string;
  limitSeconds: number;
  drained: false;
}

type Result = ScenarioResult | TimedOutResult;

type Deadline = ReturnType<typeof deadlineIn>;

/**
 * Drained: both groups have committed everything, and nothing moved for three polls in a row
 * (a group with nothing committed yet on an empty topic also shows no lag). Polls for 5 min at
 * most, and not past the scenario's deadline (a lag query that fails or outlives it counts as
 * not drained).
 */
async function waitForDrain(
  kafka: Kafka,
  services: ScenarioServices,
  t: ReturnType<typeof topicNames>,
  run: ClientRun,
  deadline: Deadline,
): Promise<boolean> {
  let drained = false;
  let still = 0;
  let last = '';
  for (let i = 0; i < 300 && !drained && Date.now() < deadline.at; i++) {
    await sleep(1000);
    const lags = Promise.all([
      consumerLag(kafka, services.groups.extract, t.articleRaw),
      consumerLag(kafka, services.groups.enrich, t.eventCoded),
    ]);
    const [x, e] = await withinDeadline(lags, deadline, 'drain').catch(() => [[], []]);
    const state = JSON.stringify([x, e]);
    const done =
      x.length > 0 &&
      e.length > 0 &&
      x.every((p) => p.lag === 0) &&
      // the coded topic is transactional: its last commit marker may stay uncommitted
      e.every((p) => p.lag <= 1) &&
      x.reduce((n, p) => n + p.high, 0) >= run.outcomes.filter((o) => o.doneAt).length;
    still = done && state === last ? still + 1 : 0;
    last = state;
    drained = still >= 3;
  }
  return drained;
}

/** One scenario's figures from the read-back tally and the client's run. */
function scenarioResult(
  scenario: Scenario,
  count: number,
  { counted, run, faultEnd, drained }: { counted: Tally; run: ClientRun; faultEnd: number; drained: boolean },
): ScenarioResult {
  const { enrichedTimes, ...rest } = counted;
  const next = enrichedTimes.find((ts) => ts >= faultEnd);
  const sending = enrichedTimes.filter((ts) => ts >= run.startedAt);
  let gap = 0;
  for (let i = 1; i < sending.length; i++) gap = Math.max(gap, sending[i]! - sending[i - 1]!);
  const firstAccept = run.outcomes
    .filter((o) => o.doneAt !== undefined && o.doneAt >= faultEnd)
    .reduce((m, o) => Math.min(m, o.doneAt!), Infinity);
  return {
    scenario: scenario.name,
    what: scenario.what,
    sent: count,
    ...rest,
    recoverSeconds: next === undefined ? null : (next - faultEnd) / 1000,
    maxOutputGapSeconds: gap / 1000,
    intakeRecoverSeconds: Number.isFinite(firstAccept) ? (firstAccept - faultEnd) / 1000 : null,
    slowestAnswerSeconds: run.outcomes.reduce((m, o) => Math.max(m, o.slowestAnswerMs), 0) / 1000,
    clientStallSeconds: run.eventLoopMaxDelayMs / 1000,
    drained,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scenarios: { type: 'string' },
      articles: { type: 'string' },
      rate: { type: 'string' },
      'fault-at': { type: 'string' },
      corpus: { type: 'string' },
      json: { type: 'boolean' },
      'keep-topics': { type: 'boolean' },
      'time-limit': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const chosen = values.scenarios ? values.scenarios.split(',') : SCENARIOS.map((s) => s.name);
  const scenarios = chosen.map((name) => {
    const s = SCENARIOS.find((x) => x.name === name);
    if (!s) throw new Error(`unknown scenario ${name}\n${USAGE}`);
    return s;
  });
  const count = Math.floor(positive('articles', values.articles, 600));
  const rate = positive('rate', values.rate, 30);
  const faultAt = positive('fault-at', values['fault-at'], 6, true) * 1000;
  const limitMs = positive('time-limit', values['time-limit'], 600) * 1000;
  const corpus = loadCorpus(values.corpus ?? join(root, 'data/samples/demo-articles.jsonl'));
  const say = (line: string) => process.stderr.write(`faults: ${line}\n`);

  const env = { ...process.env };
  const wasUp = (await stackStatus({ env })).up;
  const endpoints = await stackUp({ env, say });
  const logger = createLogger('faults', 'silent');
  const kafka = createKafka({
    brokers: brokerList(endpoints.kafkaBrokers),
    clientId: 'newsflow-faults',
    logger,
  });
  const serde = createSerde({ registryUrl: endpoints.schemaRegistryUrl });
  const results: Result[] = [];
  const runId = Date.now().toString(36);

  for (const scenario of scenarios) {
    const deadline = deadlineIn(limitMs);
    const opts = {
      root,
      env,
      endpoints,
      kafka,
      serde,
      runId,
      count,
      rate,
      faultAt,
      corpus,
      say,
    };
    const prefix = scenarioPrefix(runId, scenario);
    const started: { services?: ScenarioServices } = {};
    try {
      results.push(await runScenario(scenario, opts, deadline, (s) => (started.services = s)));
    } catch (err) {
      if (!(err instanceof DeadlineExceeded)) throw err;
      results.push({
        scenario: scenario.name,
        what: scenario.what,
        sent: count,
        timedOut: err.stage,
        limitSeconds: limitMs / 1000,
        drained: false,
      });
      say(`${scenario.name}: TIMED OUT: ${err.message}`);
    } finally {
      const { services } = started;
      await services?.stopAll();
      if (services && !values['keep-topics']) await dropScenario(kafka, prefix, services, say);
    }
  }
  if (!wasUp)
    say('the servers were started for this run and are left running; `npm run infra -- down` stops them');

  const bad = results.filter(
    (r) =>
      'timedOut' in r ||
      r.lost > 0 ||
      r.lostAlthoughRetried > 0 ||
      // What subscribers read must hold no copy; an extra raw or coded copy is the documented
      // ingest window (crash between ack and confirm) that enrich absorbs, reported, not failed.
      r.eventDuplicates > 0 ||
      r.gaveUp > 0 ||
      !r.drained,
  );
  if (values.json) console.log(JSON.stringify({ runId, articles: count, rate, results }, null, 2));
  else printTable(results);
  return bad.length > 0 ? 1 : 0;
}

/** The topic and group prefix of one scenario of a run. */
function scenarioPrefix(runId: string, scenario: Scenario): string {
  return `faults.${runId}.${scenario.name}.`;
}

interface RunOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  endpoints: Awaited<ReturnType<typeof stackUp>>;
  kafka: Kafka;
  serde: ReturnType<typeof createSerde>;
  runId: string;
  count: number;
  rate: number;
  faultAt: number;
  corpus: ReturnType<typeof loadCorpus>;
  say: (line: string) => void;
}

/**
 * One scenario: services, client, fault, drain, read-back. Every wait after the start is bounded
 * by `deadline` (DeadlineExceeded names the stage); the caller stops the services handed to
 * `started`.
 */
async function runScenario(
  scenario: Scenario,
  o: RunOptions,
  deadline: Deadline,
  started: (services: ScenarioServices) => void,
): Promise<ScenarioResult> {
  const prefix = scenarioPrefix(o.runId, scenario);
  const logDir = join(o.root, '.newsflow', 'faults', o.runId, scenario.name);
  mkdirSync(logDir, { recursive: true });
  o.say(`${scenario.name}: starting the services (logs in ${logDir})`);
  // not raced against the deadline: services that came up after it would be left running
  // (startServices waits 180 s at most for each)
  const services = await startServices({
    root: o.root,
    env: o.env,
    endpoints: o.endpoints,
    kafka: o.kafka,
    runId: `${o.runId}-${scenario.name}`,
    prefix,
    logDir,
  });
  started(services);
  o.say(
    `${scenario.name}: sending ${o.count} articles at ${o.rate}/s; fault at ${o.faultAt / 1000} s: ${scenario.what}`,
  );
  const client = runClient({
    url: () => services.ingestUrl,
    count: o.count,
    rate: o.rate,
    giveUpMs: 180_000,
    article: (n) => benchArticle(o.corpus, o.runId, n, `${scenario.name}/`),
  });
  const fault = sleep(o.faultAt).then(() =>
    scenario.inject({
      services,
      env: o.env,
      brokers: brokerList(o.endpoints.kafkaBrokers),
      sleep,
    }),
  );
  const faultEnd = await withinDeadline(fault, deadline, 'fault');
  const run = await withinDeadline(client, deadline, 'client');
  o.say(`${scenario.name}: client done; waiting for the pipeline to drain`);
  const drained = await waitForDrain(o.kafka, services, topicNames(prefix), run, deadline);
  if (Date.now() >= deadline.at) throw new DeadlineExceeded('drain', deadline.limitMs);
  const counted = await withinDeadline(tally(o.kafka, o.serde, prefix, run), deadline, 'read-back');
  const result = scenarioResult(scenario, o.count, {
    counted,
    run,
    faultEnd,
    drained,
  });
  o.say(`${scenario.name}: ${JSON.stringify(result)}`);
  return result;
}

/** Deletes a counted scenario's topics and groups: left behind, they slow every later broker restart. */
async function dropScenario(
  kafka: Kafka,
  prefix: string,
  services: { groups: { extract: string; enrich: string } },
  say: (line: string) => void,
): Promise<void> {
  await dropTopicsAndGroups(kafka, {
    topics: topicSpecs(1, prefix).map((t) => t.name),
    groups: [services.groups.extract, services.groups.enrich],
  }).catch((err: unknown) => say(`could not delete the topics of ${prefix}*: ${(err as Error).message}`));
}

function printTable(results: Result[]): void {
  const cols: [string, (r: ScenarioResult) => string][] = [
    ['scenario', (r) => r.scenario],
    ['accepted', (r) => String(r.accepted + r.duplicateAnswers)],
    ['in after 503', (r) => String(r.duplicateAnswers)],
    ['lost', (r) => String(r.lost)],
    ['lost-retried', (r) => String(r.lostAlthoughRetried)],
    ['gave up', (r) => String(r.gaveUp)],
    ['dup articles', (r) => String(r.rawDuplicates)],
    ['dup coded', (r) => String(r.codedDuplicates)],
    ['dup events', (r) => String(r.eventDuplicates)],
    ['not enriched', (r) => String(r.eventsNotEnriched)],
    ['DLQ', (r) => String(r.dlq.raw + r.dlq.coded + r.dlq.enriched)],
    ['recover s', (r) => (r.recoverSeconds === null ? '-' : r.recoverSeconds.toFixed(1))],
    ['intake s', (r) => (r.intakeRecoverSeconds === null ? '-' : r.intakeRecoverSeconds.toFixed(1))],
    ['max gap s', (r) => r.maxOutputGapSeconds.toFixed(1)],
    ['slowest answer s', (r) => r.slowestAnswerSeconds.toFixed(1)],
    ['client stall s', (r) => r.clientStallSeconds.toFixed(1)],
    ['drained', (r) => (r.drained ? 'yes' : 'NO')],
  ];
  // a timed-out scenario has no figures: its name, dashes, and the stage it hung in
  const cells = (r: Result) =>
    'timedOut' in r
      ? cols.map(([h]) =>
          h === 'scenario' ? r.scenario : h === 'drained' ? `NO (timed out: ${r.timedOut})` : '-',
        )
      : cols.map(([, f]) => f(r));
  const rows = [cols.map(([h]) => h), ...results.map(cells)];
  const widths = cols.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) console.log(row.map((c, i) => c.padStart(widths[i]!)).join('  '));
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
