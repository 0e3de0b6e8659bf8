import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { logTail } from './log-tail.ts';

describe('logTail', () => {
  it('returns the last lines, and nothing for a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'log-tail-'));
    try {
      const file = join(dir, 'server.log');
      await writeFile(file, Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n');
      assert.equal(await logTail(file, 3), 'line 97\nline 98\nline 99');
      assert.equal(await logTail(join(dir, 'absent.log')), '');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
