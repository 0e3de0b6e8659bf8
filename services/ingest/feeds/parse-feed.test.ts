import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { planItem } from './feed-item-plan.ts';
import { checkFeedSpec } from './feed-spec.ts';
import { parseFeed } from './parse-feed.ts';

const fixture = (name: string) =>
  readFile(new URL(`../../../tests/fixtures/ingest/${name}`, import.meta.url), 'utf8');
const NOW = Date.UTC(2024, 5, 1);
const feed = { id: 'f1', fetchFullText: true, source: null };

describe('parseFeed', () => {
  it('reads RSS 2.0: content:encoded is full text, a short description is a summary', async () => {
    const parsed = await parseFeed(await fixture('rss-full-and-summary.xml'), { summaryMaxChars: 600 });
    assert.equal(parsed.title, 'Borderlands Gazette — World');
    assert.equal(parsed.language, 'en-gb');
    assert.equal(parsed.items.length, 3);
    const [full, summary, noLink] = parsed.items;
    assert.match(full!.fullHtml ?? '', /defence ministry/);
    assert.equal(full!.publishedAt, '2024-03-01T08:30:00.000Z');
    assert.equal(full!.guid, 'gazette-20240301-001');
    assert.equal(summary!.fullHtml, null);
    assert.match(summary!.summary ?? '', /Lawmakers in Sylvania/);
    assert.equal(noLink!.link, null);
  });

  it('reads Atom: <content> beside <summary> is full text, a bare <summary> is not', async () => {
    const parsed = await parseFeed(await fixture('atom-feed.xml'), { summaryMaxChars: 600 });
    assert.equal(parsed.items.length, 2);
    const [withContent, summaryOnly] = parsed.items;
    assert.match(withContent!.fullHtml ?? '', /Genève/);
    assert.equal(withContent!.publishedAt, '2024-03-02T06:45:00.000Z');
    assert.equal(withContent!.guid, 'tag:courrier.example,2024-03-02:geneve');
    assert.equal(summaryOnly!.fullHtml, null);
    assert.equal(summaryOnly!.summary, 'Des milliers de personnes ont manifesté samedi.');
    assert.equal(summaryOnly!.link, 'https://courrier.example/2024/03/02/manifestation');
  });

  it('counts a long description as full text', async () => {
    const long = `<p>${'word '.repeat(200)}</p>`;
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title><link>https://x.example/a</link><description><![CDATA[${long}]]></description></item></channel></rss>`;
    const parsed = await parseFeed(xml, { summaryMaxChars: 600 });
    assert.ok(parsed.items[0]!.fullHtml);
  });

  it('rejects what is not a feed', async () => {
    await assert.rejects(parseFeed('<html><body>no feed</body></html>', { summaryMaxChars: 600 }));
  });
});

describe('planItem', () => {
  it('accepts full items, fetches summary-only items, ingests the summary when fetching is off', async () => {
    const parsed = await parseFeed(await fixture('rss-full-and-summary.xml'), { summaryMaxChars: 600 });
    const [full, summary, noLink] = parsed.items.map((item) => planItem(item, feed, parsed.language, NOW));
    assert.equal(full!.kind, 'accept');
    assert.ok(
      full!.kind === 'accept' && full!.input.language === 'en-gb' && full!.input.metadata.feedId === 'f1',
    );
    assert.equal(summary!.kind, 'fetch');
    assert.equal(noLink!.kind, 'accept', 'no link: the summary is all there is');
    const off = planItem(parsed.items[1]!, { ...feed, fetchFullText: false }, null, NOW);
    assert.ok(off.kind === 'accept' && /Lawmakers/.test(off.input.html ?? ''));
  });

  it('drops a date the publisher got wrong instead of the item', () => {
    const plan = planItem(
      {
        link: 'https://x.example/a',
        guid: null,
        title: 't',
        publishedAt: 'sometime',
        fullHtml: '<p>x</p>',
        summary: null,
      },
      feed,
      'English',
      NOW,
    );
    assert.ok(plan.kind === 'accept');
    assert.equal(plan.kind === 'accept' && plan.input.publishedAt, undefined);
    assert.equal(plan.kind === 'accept' && plan.input.language, undefined);
  });
});

describe('checkFeedSpec', () => {
  const defaults = { intervalSeconds: 300, minIntervalSeconds: 60, fetchFullText: true };
  it('fills defaults and ids a feed by its canonical URL', () => {
    const a = checkFeedSpec({ url: 'https://Gazette.example/rss?utm_source=x' }, defaults);
    const b = checkFeedSpec(
      { url: 'https://gazette.example/rss', intervalSeconds: 900, fetchFullText: false },
      defaults,
    );
    assert.ok(a.ok && b.ok);
    assert.equal(a.feed.id, b.feed.id);
    assert.deepEqual([a.feed.intervalSeconds, a.feed.fetchFullText], [300, true]);
  });
  it('names every offending field', () => {
    const r = checkFeedSpec(
      { url: 'file:///etc/passwd', intervalSeconds: 5, fetchFullText: 'yes', colour: 1 },
      defaults,
    );
    assert.ok(!r.ok);
    assert.deepEqual(r.errors.map((e) => e.field).sort(), [
      'colour',
      'fetchFullText',
      'intervalSeconds',
      'url',
    ]);
  });
});
