import { test } from 'node:test';
import assert from 'node:assert/strict';
import { articleLines, articleSource } from './ingest.ts';

test('the pre-serialised bench lines are the articles articleSource describes, byte for byte as JSON', () => {
  const corpus = [
    {
      title: 'Talks in "Geneva"',
      source: 'Wire',
      text: 'Line one.\nLine two — naïve “quotes” \\ back',
      link: 'x',
    },
    { html: '<p>Only HTML</p>', language: 'en' },
    { text: 'No title at all', publishedAt: '2016-02-12' },
  ];
  const objects = articleSource(corpus, 'n0nce');
  const lines = articleLines(corpus, 'n0nce');
  for (let i = 0; i < 7; i++) {
    const line = lines();
    const expected = objects();
    assert.deepEqual(JSON.parse(line.toString('utf8')), expected, `article ${i}`);
    assert.equal(line.toString('utf8'), JSON.stringify(expected), `same bytes as JSON.stringify (${i})`);
  }
});

test('without a corpus the bench lines are synthetic articles with unique URLs and texts', () => {
  const lines = articleLines(null, 'abc');
  const a = JSON.parse(lines().toString('utf8'));
  const b = JSON.parse(lines().toString('utf8'));
  assert.notEqual(a.url, b.url);
  assert.notEqual(a.text, b.text);
});
