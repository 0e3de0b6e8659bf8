import assert from 'node:assert/strict';
import { test } from 'node:test';
// kafkajs' read_committed filter is replaced before kafkajs loads (see that module).
import './kafkajs-read-committed.ts';
import { logLevel } from 'kafkajs';
import { kafkaLogMethod } from './kafka.ts';

test('kafkajs messages a user cannot act on go to debug; errors stay visible as warnings', () => {
  assert.equal(
    kafkaLogMethod(
      logLevel.WARN,
      'Limiting retries for the idempotent producer may invalidate EoS guarantees',
    ),
    'debug',
  );
  assert.equal(
    kafkaLogMethod(
      logLevel.ERROR,
      '[Connection] Response Heartbeat(key: 12, version: 3): The group is rebalancing, re-joining',
    ),
    'debug',
  );
  assert.equal(kafkaLogMethod(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded'), 'warn');
  assert.equal(kafkaLogMethod(logLevel.WARN, 'Connection timeout'), 'warn');
  assert.equal(kafkaLogMethod(logLevel.INFO, 'Consumer has joined the group'), 'info');
});
