import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedData, sharedDataFile } from './shared-data.ts';

const empty = () => mkdtempSync(join(tmpdir(), 'nf-shared-'));

test('no NEWSFLOW_SHARED_DIR and nothing beside the clone: a skip reason naming the variable', () => {
  const got = sharedData({}, join(empty(), 'shared'));
  assert.match(got.skip ?? '', /NEWSFLOW_SHARED_DIR/);
  assert.throws(() => sharedDataFile(got, 'seed-article.txt'), /NEWSFLOW_SHARED_DIR/);
});

test('a NEWSFLOW_SHARED_DIR that does not exist fails instead of skipping', () => {
  assert.throws(() => sharedData({ NEWSFLOW_SHARED_DIR: join(empty(), 'nope') }), /does not exist/);
});

test('NEWSFLOW_SHARED_DIR wins over the folder beside the clone', () => {
  const dir = empty();
  mkdirSync(join(dir, 'data'));
  const beside = empty();
  mkdirSync(join(beside, 'data'));
  const got = sharedData({ NEWSFLOW_SHARED_DIR: dir }, beside);
  assert.equal(got.dir, dir);
  assert.equal(sharedDataFile(got, 'seed-gold.json'), join(dir, 'data', 'seed-gold.json'));
  assert.equal(sharedData({}, beside).dir, beside);
});
