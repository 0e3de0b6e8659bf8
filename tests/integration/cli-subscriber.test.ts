// The subscriber commands (tail, export, topics) against the real broker and registry: events
// are produced to a fresh set of pipeline topics (a unique TOPIC_PREFIX), then each command's
// run() is called with captured output, exactly as the dispatcher would call it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Kafka } from 'kafkajs';
import type { CommandIo } from '../../cli/io.ts';
import { run as exportRun } from '../../cli/commands/export.ts';
import { run as tailRun } from '../../cli/commands/tail.ts';
import { run as topicsRun } from '../../cli/commands/topics.ts';
import { GDELT_EVENT_COLUMNS, globalEventId } from '../../cli/format/gdelt-tsv.ts';
import type { EnrichedEventRecord } from '../../services/contracts/records.ts';
import { ensurePipeline } from '../../services/platform/bootstrap.ts';
import { ValidationError } from '../../services/platform/errors.ts';
import { createProducer, type EventProducer } from '../../services/platform/producer.ts';
import { topicWatermarks } from '../../services/platform/topic-reader.ts';
import { dlqOf, topicNames } from '../../services/platform/topics.ts';
import { testClients, uniqueName } from '../helpers/stack.ts';
import { readFileSync } from 'node:fs';

const fixture: EnrichedEventRecord = JSON.parse(
  readFileSync(new URL('../fixtures/avro/enriched-event.json', import.meta.url), 'utf8'),
);

/** A copy of the fixture with its own ids; `change` edits the copy. */
function enriched(
  eventId: string,
  change: (r: EnrichedEventRecord) => void = () => {},
  clusterId = eventId,
): EnrichedEventRecord {
  const r: EnrichedEventRecord = structuredClone(fixture);
  r.event.eventId = eventId;
  r.clusterId = clusterId;
  change(r);
  return r;
}

/** Sets the event's CAMEO code (its base code is itself, its root the first two digits). */
function setCode(r: EnrichedEventRecord, eventCode: string, quadClass: number, goldsteinScale: number): void {
  Object.assign(r.event, {
    eventCode,
    eventBaseCode: eventCode,
    eventRootCode: eventCode.slice(0, 2),
    quadClass,
    goldsteinScale,
  });
}

const talks = enriched('ev-talks');
const fight = enriched('ev-fight', (r) => {
  setCode(r, '190', 4, -10);
  r.event.source = {
    ...r.event.source,
    code: 'SYRMIL',
    countryCode: 'SYR',
    type1Code: 'MIL',
    name: 'Syrian forces',
  };
  r.event.target = {
    ...r.event.target!,
    code: 'SYRREB',
    countryCode: 'SYR',
    type1Code: 'REB',
    name: 'rebels',
  };
  r.event.sentence.text = 'Syrian forces fought rebels near Aleppo.';
  r.places = [
    {
      ...r.places[0]!,
      name: 'Aleppo',
      fullName: 'Aleppo, Syria',
      countryIso2: 'SY',
      adm1Code: 'SY09',
      lat: 36.2,
      lon: 37.16,
      geonameId: 170063,
    },
  ];
  r.actionGeo = r.places[0]!;
});
const criticise = enriched('ev-criticise', (r) => {
  setCode(r, '111', 3, -2);
  r.event.target = { ...r.event.target!, code: 'SYRGOV', countryCode: 'SYR', name: 'Damascus' };
  r.event.sentence.text = 'Washington criticised Damascus.';
});
// a second mention of the talks, from another article
const talksAgain = enriched(
  'ev-talks-2',
  (r) => Object.assign(r, { numMentions: 2, numSources: 2, numArticles: 2 }),
  'ev-talks',
);

let kafka: Kafka;
let producer: EventProducer;
let env: Record<string, string>;
let topics: ReturnType<typeof topicNames>;
let prefix: string;

function capture(): { io: CommandIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return { io: { stdin: new PassThrough(), stdout, stderr, env }, out: () => out, err: () => err };
}

async function cli(run: (argv: string[], io: CommandIo) => Promise<number>, argv: string[]) {
  const c = capture();
  const code = await run(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

const lines = (text: string) => text.split('\n').filter(Boolean);

describe('subscriber commands', { timeout: 180_000 }, () => {
  before(async () => {
    const c = await testClients('cli-subscriber-test');
    kafka = c.kafka;
    prefix = `${uniqueName('cli')}.`;
    topics = topicNames(prefix);
    env = {
      KAFKA_BROKERS: c.stack.kafkaBrokers,
      SCHEMA_REGISTRY_URL: c.stack.schemaRegistryUrl,
      TOPIC_PREFIX: prefix,
    };
    await ensurePipeline({ kafka, serde: c.serde, prefix, partitions: 2 });
    producer = createProducer(kafka, c.serde, c.logger);
    await producer.connect();
    await producer.send(
      topics.eventEnriched,
      [talks, fight, criticise, talksAgain].map((r) => ({ key: r.clusterId, value: r })),
    );
  });

  after(async () => {
    await producer?.close();
  });

  it('tail --json --from-beginning prints every record as one JSON object a line', async () => {
    const { code, out, err } = await cli(tailRun, ['--from-beginning', '--json', '--limit', '4']);
    assert.equal(code, 0, err);
    const got = lines(out).map((l) => JSON.parse(l) as EnrichedEventRecord);
    assert.deepEqual(got.map((r) => r.event.eventId).sort(), [
      'ev-criticise',
      'ev-fight',
      'ev-talks',
      'ev-talks-2',
    ]);
    assert.deepEqual(
      got.find((r) => r.event.eventId === 'ev-fight'),
      fight,
    );
  });

  it('tail prints one-liners and filters by root, country and actor', async () => {
    const byRoot = await cli(tailRun, ['--from-beginning', '--root', '19', '--limit', '1']);
    assert.equal(byRoot.code, 0);
    assert.equal(lines(byRoot.out).length, 1);
    assert.match(
      byRoot.out,
      /^2016-02-14 {2}SYRMIL → SYRREB {2}190 \(fight\) {2}G -10\.0 {2}Aleppo, Syria {2}m1\/s1 {2}"Syrian forces fought rebels near Aleppo\."\n$/,
    );

    // USA actors with Syria involved: only the criticism (the fight has no US actor, the talks no Syria)
    const both = await cli(tailRun, [
      '--from-beginning',
      '--country',
      'SYR',
      '--actor',
      'usa',
      '--limit',
      '1',
    ]);
    assert.equal(both.code, 0);
    assert.match(both.out, /^2016-02-14 {2}USAGOV → SYRGOV {2}111 \(disapprove\)/);

    // the place's country counts: Munich is in Germany
    const germany = await cli(tailRun, ['--from-beginning', '--country', 'DEU', '--json', '--limit', '3']);
    assert.deepEqual(
      lines(germany.out)
        .map((l) => (JSON.parse(l) as EnrichedEventRecord).event.eventId)
        .sort(),
      ['ev-criticise', 'ev-talks', 'ev-talks-2'],
    );
  });

  it('tail follows new records when not reading from the beginning', async () => {
    // On the coded topic, so that the enriched topic keeps exactly the records the export tests expect.
    const coded = JSON.parse(
      readFileSync(new URL('../fixtures/avro/coded-event.json', import.meta.url), 'utf8'),
    );
    await producer.send(topics.eventCoded, [{ key: 'old', value: { ...coded, eventId: 'old' } }]);
    const c = capture();
    const running = tailRun(['--topic', 'coded', '--json', '--limit', '1'], c.io);
    let done = false;
    void running.finally(() => (done = true));
    // The reader takes its start offsets once connected; keep writing until it has seen one.
    for (let n = 0; !done && n < 200; n++) {
      await producer.send(topics.eventCoded, [
        { key: `fresh-${n}`, value: { ...coded, eventId: `fresh-${n}` } },
      ]);
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(await running, 0);
    const got = lines(c.out()).map((l) => (JSON.parse(l) as { eventId: string }).eventId);
    assert.equal(got.length, 1);
    assert.match(got[0]!, /^fresh-\d+$/, 'only records written after the start');
  });

  it('tail on a dead-letter topic prints the reason and the original position', async () => {
    await producer.deadLetter({
      service: 'enrich',
      topic: topics.eventCoded,
      partition: 1,
      offset: '17',
      key: 'k1',
      value: Buffer.from('original bytes'),
      error: new ValidationError('event has no source actor'),
    });
    const pretty = await cli(tailRun, ['--topic', 'dlq:coded', '--from-beginning', '--limit', '1']);
    assert.equal(pretty.code, 0);
    assert.match(
      pretty.out,
      new RegExp(
        `  enrich  ValidationError: event has no source actor  from ${topics.eventCoded.replace(/\./g, '\\.')}\\[1\\]@17  1 attempt\\(s\\)\n$`,
      ),
    );
    const json = await cli(tailRun, [
      '--topic',
      `dlq:${'news.event.coded.v1'}`,
      '--from-beginning',
      '--json',
      '--limit',
      '1',
    ]);
    const letter = JSON.parse(json.out) as { originalValue: string; originalTopic: string };
    assert.equal(Buffer.from(letter.originalValue, 'base64').toString(), 'original bytes');
    assert.equal(letter.originalTopic, topics.eventCoded);
  });

  it('export --format tsv writes 61-column GDELT rows up to the end offsets, then stops', async () => {
    const { code, out, err } = await cli(exportRun, ['--format', 'tsv']);
    assert.equal(code, 0, err);
    const rows = lines(out).map((l) => l.split('\t'));
    assert.equal(rows.length, 4);
    for (const row of rows) assert.equal(row.length, 61);
    const col = (row: string[], name: string) => row[GDELT_EVENT_COLUMNS.indexOf(name)];
    const fightRow = rows.find((r) => col(r, 'GlobalEventID') === String(globalEventId('ev-fight')))!;
    assert.ok(fightRow, 'GlobalEventID derived from the eventId');
    assert.equal(col(fightRow, 'EventRootCode'), '19');
    assert.equal(col(fightRow, 'ActionGeo_CountryCode'), 'SY');
    assert.equal(col(fightRow, 'ActionGeo_FeatureID'), '170063');
    assert.match(err, /exported 4 event\(s\)/);

    const clusters = await cli(exportRun, ['--format', 'tsv', '--clusters', '--header']);
    const [header, ...clusterRows] = lines(clusters.out).map((l) => l.split('\t'));
    assert.deepEqual(header, [...GDELT_EVENT_COLUMNS]);
    assert.equal(clusterRows.length, 3, 'the two mentions of the talks are one event');
    const talksRow = clusterRows.find((r) => col(r, 'GlobalEventID') === String(globalEventId('ev-talks')))!;
    assert.equal(col(talksRow, 'NumMentions'), '2');
  });

  it('export --format jsonl --out writes the file whole, and --from-offset starts later in every partition', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newsflow-export-'));
    try {
      const file = join(dir, 'events.jsonl');
      const { code, err } = await cli(exportRun, ['--format', 'jsonl', '--out', file]);
      assert.equal(code, 0, err);
      const records = lines(await readFile(file, 'utf8')).map((l) => JSON.parse(l) as EnrichedEventRecord);
      assert.equal(records.length, 4);
      assert.deepEqual(
        records.find((r) => r.event.eventId === 'ev-talks'),
        talks,
      );
      assert.deepEqual(await readdir(dir), ['events.jsonl'], 'no .partial left behind');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const [marks] = await topicWatermarks(kafka, [topics.eventEnriched]);
    const expected = marks!.partitions.reduce((n, p) => n + Math.max(0, p.high - Math.max(1, p.low)), 0);
    const later = await cli(exportRun, ['--format', 'jsonl', '--from-offset', '1']);
    assert.equal(later.code, 0, later.err);
    assert.equal(lines(later.out).length, expected);
  });

  it('export --since / --until select by the time records were written', async () => {
    const mark = new Date(Date.now() + 5).toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const late = enriched('ev-late');
    await producer.send(topics.eventEnriched, [{ key: late.clusterId, value: late }]);

    const since = await cli(exportRun, ['--format', 'jsonl', '--since', mark]);
    assert.equal(since.code, 0, since.err);
    assert.deepEqual(
      lines(since.out).map((l) => (JSON.parse(l) as EnrichedEventRecord).event.eventId),
      ['ev-late'],
    );
    const until = await cli(exportRun, ['--format', 'jsonl', '--until', mark]);
    assert.equal(lines(until.out).length, 4);
    assert.ok(!until.out.includes('ev-late'));
  });

  it('topics lists the pipeline topics with partitions, message counts and group lag', async () => {
    const { code, out } = await cli(topicsRun, ['--json']);
    assert.equal(code, 0);
    const report = JSON.parse(out) as {
      topics: {
        topic: string;
        exists: boolean;
        partitions: number;
        messages: number;
        groups: { groupId: string; lag: number; committed: boolean }[];
      }[];
    };
    assert.deepEqual(
      report.topics.map((t) => t.topic),
      [
        topics.articleRaw,
        dlqOf(topics.articleRaw),
        topics.eventCoded,
        dlqOf(topics.eventCoded),
        topics.eventEnriched,
        dlqOf(topics.eventEnriched),
      ],
    );
    const byName = new Map(report.topics.map((t) => [t.topic, t]));
    assert.equal(byName.get(topics.eventEnriched)!.messages, 5);
    assert.equal(byName.get(topics.eventEnriched)!.partitions, 2);
    assert.equal(byName.get(dlqOf(topics.eventCoded))!.messages, 1);
    assert.deepEqual(
      byName.get(topics.articleRaw)!.groups.map((g) => [g.groupId, g.lag, g.committed]),
      [['newsflow-extract', 0, false]],
    );
    assert.deepEqual(
      byName.get(topics.eventCoded)!.groups.map((g) => g.groupId),
      ['newsflow-enrich'],
    );

    const table = await cli(topicsRun, []);
    assert.match(table.out, new RegExp(`${topics.eventEnriched.replace(/\./g, '\\.')}\\s+2\\s+5\\s+-`));
  });

  it('bad arguments exit 2 and say what to fix', async () => {
    const cases: [typeof tailRun, string[], RegExp][] = [
      [exportRun, [], /--format is required/],
      [exportRun, ['--format', 'csv'], /--format csv: use tsv or jsonl/],
      [exportRun, ['--format', 'tsv', '--since', 'yesterday'], /--since yesterday: give an ISO date/],
      [exportRun, ['--format', 'tsv', '--since', '2024-01-01', '--from-offset', '3'], /give one of them/],
      [exportRun, ['--format', 'jsonl', '--header'], /--header goes with --format tsv/],
      [tailRun, ['--topic', 'events'], /--topic events: use enriched, coded, articles/],
      [tailRun, ['--limit', '0'], /--limit 0/],
      [tailRun, ['--topic', 'articles', '--root', '19'], /filter events/],
      [tailRun, ['--bogus'], /Unknown option '--bogus'/],
      [topicsRun, ['extra'], /Unexpected argument 'extra'/],
    ];
    for (const [run, argv, message] of cases) {
      const r = await cli(run, argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, message, argv.join(' '));
    }
    const help = await cli(exportRun, ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^usage: newsflow export/);
  });
});
