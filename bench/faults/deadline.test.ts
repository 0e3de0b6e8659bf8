import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeadlineExceeded, deadlineIn, withinDeadline } from './deadline.ts';

const never = new Promise<never>(() => {});
const later = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms));

test('work that settles in time passes through, value or error', async () => {
  assert.equal(await withinDeadline(later(5, 'ok'), deadlineIn(1000), 'drain'), 'ok');
  await assert.rejects(withinDeadline(Promise.reject(new Error('boom')), deadlineIn(1000), 'x'), /boom/);
});

test('work still running at the deadline rejects with the stage that hung', async () => {
  const t0 = Date.now();
  const err = await withinDeadline(never, deadlineIn(50), 'read-back').catch((e: unknown) => e);
  assert.ok(err instanceof DeadlineExceeded);
  assert.equal(err.stage, 'read-back');
  assert.ok(Date.now() - t0 >= 45, 'not before the deadline');
});

test('a deadline already past rejects at once, and a late failure of the work is absorbed', async () => {
  const deadline = { at: Date.now() - 1, limitMs: 10 };
  const late = later(20, undefined).then(() => {
    throw new Error('late');
  });
  await assert.rejects(withinDeadline(late, deadline, 'fault'), DeadlineExceeded);
  await later(40, undefined); // an unhandled rejection of `late` would fail the test run here
});
