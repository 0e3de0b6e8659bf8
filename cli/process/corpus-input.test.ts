import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusInput } from './corpus-input.ts';

test('corpus fields: aliases mapped, id kept as metadata, annotations dropped', () => {
  const got = corpusInput({
    id: 'GWN-0',
    date: null,
    link: 'http://example.org/a',
    title: 'T',
    text: 'Body.',
    toponyms: [],
    category: 'x',
  });
  assert.deepEqual(got.value, {
    url: 'http://example.org/a',
    title: 'T',
    text: 'Body.',
    metadata: { id: 'GWN-0' },
  });
  assert.deepEqual(got.dropped.sort(), ['category', 'toponyms']);
  // A field of ingest's own wins over an alias.
  assert.equal(
    (corpusInput({ url: 'https://a.example/', link: 'https://b.example/' }).value as { url: string }).url,
    'https://a.example/',
  );
  assert.equal(corpusInput('not an object').value, 'not an object');
});
