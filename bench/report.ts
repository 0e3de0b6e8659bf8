import type { BenchResult } from './bench-result.ts';

const int = (n: number | undefined | null) =>
  n === undefined || n === null || !Number.isFinite(n) ? 'n/a' : Math.round(n).toLocaleString('en-US');
const dec = (n: number | undefined | null, digits = 1) =>
  n === undefined || n === null || !Number.isFinite(n)
    ? 'n/a'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : `${int(n)}`);
const mb = (bytes: number | undefined) =>
  bytes === undefined || !Number.isFinite(bytes) ? 'n/a' : `${int(bytes / 2 ** 20)} MB`;
const ratio = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n) ? 'n/a' : n >= 10 ? dec(n, 1) : dec(n, 3);

function table(rows: string[][], indent = '  '): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map(
      (r) =>
        indent +
        r
          .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
          .join('   ')
          .trimEnd(),
    )
    .join('\n');
}

function kv(rows: [string, string][], indent = '  '): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)}   ${v}`).join('\n');
}

type Baseline = Exclude<BenchResult['baseline'], { error: string }>;

function baselineOf(r: BenchResult): Baseline | undefined {
  return 'error' in r.baseline && r.baseline.error !== undefined ? undefined : (r.baseline as Baseline);
}

/** The run: its name, servers, corpus and sending mode. */
function runSection(r: BenchResult): string[] {
  const mode =
    r.run.mode === 'max-rate'
      ? `max rate: batches of ${r.run.batch}, ${r.run.concurrency} in flight, backlog cap ${r.run.maxBacklog || 'none'}, ${r.run.seconds} s`
      : `fixed rate: ${r.run.rate} articles/s for ${r.run.seconds} s`;
  const out: string[] = [];
  out.push(
    `newsflow bench stack: run ${r.run.id} (topics ${r.run.topicPrefix}*), servers from the ${r.run.servers}, logs in ${r.run.logDir}`,
  );
  out.push(
    `corpus  ${r.run.corpus.path}: ${r.run.corpus.articles} articles, mean ${int(r.run.corpus.meanChars)} chars, cycled under distinct URLs`,
  );
  out.push(`mode    ${mode}`);
  return out;
}

/** The pipeline beside the transport baseline. */
function comparisonSection(r: BenchResult): string[] {
  const p = r.pipeline;
  const b = baselineOf(r);
  const out: string[] = [];
  out.push(
    table([
      ['', 'pipeline', 'transport baseline', 'pipeline/baseline'],
      ['messages', int(p.accepted), b ? int(b.messages) : 'n/a', ''],
      [
        'throughput end to end (msg/s)',
        dec(p.processedPerSecond),
        b ? dec(b.messagesPerSecond) : 'n/a',
        ratio(r.ratios?.throughput),
      ],
      ['latency p50 (ms)', ms(p.latencyMs.p50), b ? ms(b.latency.p50) : 'n/a', ratio(r.ratios?.latencyP50)],
      ['latency p95 (ms)', ms(p.latencyMs.p95), b ? ms(b.latency.p95) : 'n/a', ratio(r.ratios?.latencyP95)],
      ['latency p99 (ms)', ms(p.latencyMs.p99), b ? ms(b.latency.p99) : 'n/a', ratio(r.ratios?.latencyP99)],
      ['latency max (ms)', ms(p.latencyMs.max), b ? ms(b.latency.max) : 'n/a', ''],
    ]),
  );
  if (!b) out.push(`  transport baseline failed: ${(r.baseline as { error: string }).error}`);
  else if (b.delivered < b.messages)
    out.push(`  transport baseline: only ${int(b.delivered)} of ${int(b.messages)} messages arrived in time`);
  out.push(
    '  (pipeline latency: event.ingestedAt → Kafka timestamp of the enriched record, one sample per event;',
  );
  out.push('   baseline: hand-over to the producer → timestamp in topic C, one sample per message)');
  const st = p.stageLatencyMs;
  out.push(
    `  stages p50/p99 (ms): ingest→coded ${ms(st.ingestToCoded.p50)}/${ms(st.ingestToCoded.p99)}, ` +
      `coded→enriched ${ms(st.codedToEnriched.p50)}/${ms(st.codedToEnriched.p99)}, ` +
      `enriched→seen by a read_committed reader ${ms(st.enrichedToSeen.p50)}/${ms(st.enrichedToSeen.p99)}`,
  );
  return out;
}

/** What ingest accepted and the pipeline processed. */
function pipelineSection(p: BenchResult['pipeline']): string[] {
  const out: string[] = [];
  out.push('pipeline');
  out.push(
    kv([
      [
        'sent / accepted',
        `${int(p.sent)} / ${int(p.accepted)}  (${int(p.duplicates)} duplicates, ${int(p.rejected)} rejected, ${int(p.failedBatches)} failed batches)`,
      ],
      [
        'accepted by ingest',
        `${dec(p.acceptedPerSecond)} articles/s over ${dec(p.sendSeconds)} s` +
          (p.heldSeconds > 0.05
            ? ` (held back ${dec(p.heldSeconds)} s by the backlog cap; ${dec(p.accepted / Math.max(0.001, p.sendSeconds - p.heldSeconds))} articles/s while sending)`
            : '') +
          (p.behindTicks > 0 ? ` (behind schedule at ${p.behindTicks} ticks)` : ''),
      ],
      [
        'processed end to end',
        `${dec(p.processedPerSecond)} articles/s: ${int(p.processedArticles)} articles, ` +
          (p.drained
            ? `drained ${dec(p.drainedAfterSeconds)} s after the first send`
            : `NOT drained after ${dec(p.drainedAfterSeconds)} s`),
      ],
      ...(p.warmupArticles > 0
        ? ([['warm-up (not measured)', `${int(p.warmupArticles)} articles before the measured run`]] as [
            string,
            string,
          ][])
        : []),
      ['events enriched', `${int(p.eventsEnriched)} (${dec(p.eventsPerSecond)} events/s)`],
      [
        'entity cache',
        p.entityCache
          ? `hit ratio ${(p.entityCache.hitRatio * 100).toFixed(1)}% of ${int(p.entityCache.lookups)} lookups (in-process ${int(p.entityCache.localHits)}, Redis ${int(p.entityCache.redisHits)}, resolved ${int(p.entityCache.misses)})`
          : 'not scraped',
      ],
      [
        'max consumer lag',
        `extract ${int(p.maxLag.extract)} articles, enrich ${int(p.maxLag.enrich)} events (${p.maxLag.samples} samples)`,
      ],
      ...(p.firstError ? ([['first error', p.firstError]] as [string, string][]) : []),
    ]),
  );
  return out;
}

/** Where every accepted article went. */
function accountingSection(r: BenchResult): string[] {
  const p = r.pipeline;
  const a = r.accounting;
  const out: string[] = [];
  out.push('accounting');
  const books = [a.articlesWithEvents, a.eventless ?? NaN, a.deadLettered];
  const lost =
    a.lost === undefined
      ? `unknown (extract's eventless count unreadable; ${int(a.withoutTrace)} accepted articles have no event and no dead letter)`
      : a.lost === 0
        ? '0'
        : a.lost > 0
          ? `${int(a.lost)} missing`
          : `0 (${int(-a.lost)} more eventless articles counted than missing: replays)`;
  out.push(
    kv([
      ['accepted', int(a.accepted)],
      ['in the article topic', int(a.articleMessages)],
      ['consumed by extract', int(a.extractConsumed)],
      [
        'with events + eventless + dead-lettered',
        `${int(a.articlesWithEvents)} + ${int(a.eventless)} + ${int(a.deadLettered)} = ${int(books.reduce((x, y) => x + y, 0))}`,
      ],
      ['lost', lost + (p.drained ? '' : ' (not drained: counted at the deadline)')],
      [
        'coded events → consumed by enrich → enriched',
        `${int(a.codedEvents)} → ${int(a.enrichConsumed)} → ${int(a.enrichedEvents)} (enrich dead-lettered ${int(a.enrichDeadLettered)})`,
      ],
    ]),
  );
  return out;
}

/** Peak memory of the processes and the servers. */
function memorySection(r: BenchResult): string[] {
  const processes = Object.entries(r.memory.processes);
  const servers = Object.entries(r.memory.servers);
  return [
    'memory',
    kv(processes.map(([name, m]) => [name, m ? `peak RSS ${mb(m.peakRss)}` : 'n/a'])),
    kv(
      servers.map(([name, m]) => [
        name,
        m ? `RSS ${mb(m.rss)}, peak ${mb(m.peakRss)} (pid ${m.pid})` : 'n/a (not started by this launcher)',
      ]),
    ),
  ];
}

/** The targets and whether this run met them. */
function targetsSection(r: BenchResult): string[] {
  const met = (t: BenchResult['targets'][number]) =>
    t.met === null ? '(not measured by this run)' : t.met ? 'met' : 'NOT met';
  return ['targets (reported, not asserted)', kv(r.targets.map((t) => [t.name, `${t.value}  ${met(t)}`]))];
}

/** The human-readable report of one run. */
export function formatReport(r: BenchResult): string {
  const sections = [
    runSection(r),
    comparisonSection(r),
    pipelineSection(r.pipeline),
    accountingSection(r),
    memorySection(r),
    targetsSection(r),
  ];
  return sections.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}
