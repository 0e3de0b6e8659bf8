import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './launcher-config.ts';
import { renderTemplate } from './render-template.ts';

describe('renderTemplate', () => {
  it('fills every token and refuses unknown ones', () => {
    assert.equal(renderTemplate('a=${A}\nb=${B_2}', { A: 1, B_2: 'x' }), 'a=1\nb=x');
    assert.throws(() => renderTemplate('a=${MISSING}', {}), /MISSING/);
  });

  it('turns the Kafka template into single-node KRaft settings', () => {
    const template = readFileSync(join(repoRoot, 'infra', 'kafka', 'server.properties.template'), 'utf8');
    const text = renderTemplate(template, { KAFKA_PORT: 19092, CONTROLLER_PORT: 19093, LOG_DIRS: '/d' });
    const props = new Map(
      text
        .split('\n')
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => line.split('=', 2) as [string, string]),
    );
    assert.equal(props.get('advertised.listeners'), 'PLAINTEXT://127.0.0.1:19092');
    assert.equal(props.get('controller.quorum.voters'), '1@127.0.0.1:19093');
    assert.equal(props.get('log.dirs'), '/d');
    for (const key of [
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'share.coordinator.state.topic.replication.factor',
      'share.coordinator.state.topic.min.isr',
    ]) {
      assert.equal(props.get(key), '1', key);
    }
    assert.equal(props.get('group.initial.rebalance.delay.ms'), '0');
    // the services' 3 s session (GROUP_CONSUMER) must be allowed, or they fall back to 6 s
    assert.ok(Number(props.get('group.min.session.timeout.ms')) <= 3000);
    assert.equal(props.get('auto.create.topics.enable'), 'false');
  });
});
