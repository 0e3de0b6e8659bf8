import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resumeOffset } from './partition-producers.ts';

test("a partition resumes from the group's offset unless it is behind this process's own commit", () => {
  // Nothing committed here: the group's answer, whatever it is.
  assert.equal(resumeOffset(null, undefined), null);
  assert.equal(resumeOffset(40n, undefined), 40n);
  // Another owner moved it on: its offset wins.
  assert.equal(resumeOffset(90n, 31n), 90n);
  // The coordinator answered "no offset" or an older one after a broker restart: ours wins.
  assert.equal(resumeOffset(null, 31n), 31n);
  assert.equal(resumeOffset(12n, 31n), 31n);
  assert.equal(resumeOffset(31n, 31n), 31n);
});
